/**
 * A statement duckdb-wasm refused, with where DuckDB points in the SQL that was run (1-based).
 * Apart from ./wasm-engine.ts so the editor can tell it from other failures without loading
 * duckdb-wasm's code.
 */
export class WasmSqlError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message)
  }
}
