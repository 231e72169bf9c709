/**
 * The browser's query engine: duckdb-wasm holding cell results as tables, the server's SQL
 * service for what reads the catalog, where each cell runs, and the reference port. duckdb-wasm's
 * code is loaded by `loadWasmEngine` only — a chunk of its own, fetched by the notebook editor,
 * so no other route loads it.
 */
export { placeCell } from './cell-placement.ts'
export type { Placement, RunPlace } from './cell-placement.ts'
export { editorReferencePort, SqlParseError } from './reference-port.ts'
export { queryArrow } from './server-query.ts'
export type { ArrowAnswer } from './server-query.ts'
export type { WasmEngine, WasmResult } from './wasm-engine.ts'
export { WasmSqlError } from './wasm-sql-error.ts'

/** Starts duckdb-wasm in a worker (about 1.4 s cold); the editor runs cells on the server meanwhile. */
export const loadWasmEngine = async () => (await import('./wasm-engine.ts')).startWasmEngine()
