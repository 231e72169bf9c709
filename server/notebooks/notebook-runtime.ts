/**
 * The notebook runner over a runtime: the server's routes and `cockpit notebook run` build it
 * the same way, so a notebook gives the same results through either.
 */
import { listTables } from '../../catalog/index.ts'
import { plantDayOf } from '../../cells/index.ts'
import type { Runtime } from '../runtime.ts'
import { duckDbReferencePort } from './duckdb-references.ts'
import { notebookRunner, type NotebookRunner } from './run-notebook.ts'

export function runtimeNotebookRunner(runtime: Pick<Runtime, 'sqlSandbox' | 'catalog' | 'settings'>): NotebookRunner {
  // One parser DuckDB for every run (in memory, no files): it only parses.
  const references = duckDbReferencePort()
  return notebookRunner({ sql: runtime.sqlSandbox, references, today: () => plantDayOf(new Date(), runtime.settings.plantTz), catalogTables: async () => (await listTables(runtime.catalog)).map((table) => table.name) })
}
