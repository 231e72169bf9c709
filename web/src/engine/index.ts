/**
 * The browser's query engine: duckdb-wasm holding cell results as tables, the server's SQL
 * service for what reads the catalog, where each cell runs, and the reference port. duckdb-wasm's
 * code is loaded by `loadWasmEngine` only — a chunk of its own, fetched by the notebook editor,
 * so no other route loads it.
 */
import type { WasmEngine } from './wasm-engine.ts'

export { placeCell } from './cell-placement.ts'
export type { Placement, RunPlace } from './cell-placement.ts'
export { editorReferencePort, SqlParseError } from './reference-port.ts'
export { queryArrow } from './server-query.ts'
export type { ArrowAnswer } from './server-query.ts'
export type { WasmEngine, WasmResult } from './wasm-engine.ts'
export { WasmSqlError } from './wasm-sql-error.ts'

let shared: Promise<WasmEngine> | undefined

/**
 * duckdb-wasm, started in a worker on first use (about 1.4 s cold; the editor runs cells on the
 * server meanwhile) and kept for the page's life, so opening another notebook does not start it
 * again. Each notebook resets its tables when it opens.
 */
export function loadWasmEngine(): Promise<WasmEngine> {
  shared ??= import('./wasm-engine.ts').then((module) => module.startWasmEngine())
  // A failed start may be retried by the next notebook opened.
  shared.catch(() => (shared = undefined))
  return shared
}
