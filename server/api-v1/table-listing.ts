/** Catalog tables as the service API lists them: schema, figures, lineage and quality summaries. */
import { getTable, latestQuality, lineageSummaries, listTables, qualitySummaries, tableLineage, tableStats, type Catalog, type RegisteredTable } from '../../catalog/index.ts'
import { notFound } from '../http/api-error.ts'
import { machineColumnOf, timeColumnOf } from './table-filters.ts'
import type { tableDetailSchema, tableSummarySchema } from './table-schemas.ts'
import type { z } from '@hono/zod-openapi'

export type TableSummary = z.infer<typeof tableSummarySchema>
export type TableDetail = z.infer<typeof tableDetailSchema>

const NO_LINEAGE = { sources: 0, byKind: {}, upstreamTables: [] }
const NO_QUALITY = { pass: 0, warn: 0, fail: 0, lastCheckedAt: null }

export async function listTableSummaries(catalog: Catalog): Promise<TableSummary[]> {
  const [tables, stats, lineage, quality] = await Promise.all([listTables(catalog), tableStats(catalog), lineageSummaries(catalog), qualitySummaries(catalog)])
  const statsByName = new Map(stats.map((row) => [row.name, row]))
  return tables.map((table) => {
    const figures = statsByName.get(table.name)
    return {
      ...describe(table),
      storedRows: figures?.storedRows ?? 0,
      files: figures?.files ?? 0,
      bytes: figures?.bytes ?? 0,
      lastSnapshot: figures?.lastSnapshot ?? null,
      lastCommitAt: figures?.lastCommitAt ?? null,
      lineage: lineage.get(table.name) ?? NO_LINEAGE,
      quality: quality.get(table.name) ?? NO_QUALITY,
    }
  })
}

export async function tableDetail(catalog: Catalog, name: string): Promise<TableDetail> {
  const summary = (await listTableSummaries(catalog)).find((table) => table.name === name)
  if (summary === undefined) throw notFound(`no table '${name}' in the catalog`)
  const [recentLineage, quality] = await Promise.all([tableLineage(catalog, name), latestQuality(catalog, name)])
  return { ...summary, recentLineage, latestQuality: quality }
}

/** The registered table, or a 404 naming it. */
export async function requireTable(catalog: Catalog, name: string): Promise<RegisteredTable> {
  const table = await getTable(catalog, name)
  if (table === undefined) throw notFound(`no table '${name}' in the catalog`)
  return table
}

function describe(table: RegisteredTable): Pick<TableSummary, 'name' | 'layer' | 'columns' | 'key' | 'timeColumn' | 'machineColumn' | 'schemaVersion' | 'rows'> {
  return {
    name: table.name,
    layer: table.layer,
    columns: table.columns,
    key: table.key ?? null,
    timeColumn: timeColumnOf(table.columns) ?? null,
    machineColumn: machineColumnOf(table.columns) ?? null,
    schemaVersion: table.schemaVersion,
    rows: `/api/v1/tables/${encodeURIComponent(table.name)}/rows`,
  }
}
