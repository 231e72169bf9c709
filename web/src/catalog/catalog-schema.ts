/**
 * The catalog's tables with their columns (GET /api/v1/tables), read once and shared: every SQL
 * cell's completion and the notebook's side panel ask for it on each keystroke or render, so it
 * must not become a request each time. A failed read is not kept, so the next ask tries again;
 * `forgetCatalogSchema` (a notebook being opened) makes the next ask read afresh.
 */
import type { Result } from '../lib/api.ts'
import { fetchTableSchemas } from './catalog-api.ts'
import type { TableSchema } from './catalog-types.ts'

type SchemaResult = Result<{ tables: TableSchema[] }>

let cached: Promise<SchemaResult> | undefined

export function catalogSchema(read: () => Promise<SchemaResult> = fetchTableSchemas): Promise<SchemaResult> {
  if (cached === undefined) {
    const reading = read()
    cached = reading
    void reading.then((result) => {
      if (result.error !== undefined && cached === reading) cached = undefined
    })
  }
  return cached
}

export function forgetCatalogSchema(): void {
  cached = undefined
}
