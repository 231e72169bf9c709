/** Where DuckDB says an error is: cells/ holds the one reading of it, shared with the browser's duckdb-wasm. */
export { locateDuckDbMessage, positionOfOffset } from '../../cells/index.ts'
export type { LocatedMessage } from '../../cells/index.ts'
