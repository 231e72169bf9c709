/**
 * Rebuilds the KPI gold tables for the plant-local days an MES commit touched. Files are kept
 * per plant-local month and table, so a rebuild recomputes the touched months one at a time —
 * bounded memory however many days a commit spans — and replaces just those months' files in
 * one commit. Months not touched keep their files.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { randomUUID } from 'node:crypto'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { commit, copyToParquet, createCatalogViews, ensureTable, latestSnapshotId, type Catalog, type StagedFile, type TableDefinition } from '../../catalog/index.ts'
import { kpiColumns } from './kpi-columns.ts'
import { kpiSql, type KpiGrain } from './kpi-sql.ts'
import { monthsOf, plantDays, type PlantMonth } from './plant-calendar.ts'

export const KPI_TABLES: Record<KpiGrain, TableDefinition> = {
  hour: { name: 'kpi.machine_hourly', layer: 'kpi', columns: kpiColumns },
  day: { name: 'kpi.machine_daily', layer: 'kpi', columns: kpiColumns },
}

export interface BuildKpisOptions {
  catalog: Catalog
  /** A session whose TimeZone is the plant's. */
  connection: DuckDBConnection
  plantTz: string
  runId?: number
  /** Event-time ranges (ISO instants) of the rows just committed. */
  eventTimes: { min: string; max: string }[]
}

/** Returns the plant-local days whose KPIs changed, as YYYY-MM-DD (whole months are recomputed). */
export async function buildKpis(options: BuildKpisOptions): Promise<string[]> {
  if (options.eventTimes.length === 0) return []
  const { catalog, connection } = options
  const min = options.eventTimes.map((range) => range.min).sort()[0]!
  const max = options.eventTimes.map((range) => range.max).sort().at(-1)!
  // A state interval that starts on the last day may run into the next one.
  const days = plantDays(min, max, options.plantTz, 1)
  const months = monthsOf(days, options.plantTz)

  for (const table of Object.values(KPI_TABLES)) await ensureTable(catalog, table)
  await createCatalogViews(connection, catalog)
  const snapshot = await latestSnapshotId(catalog)

  const staging = join(catalog.stagingDir, `kpi-${randomUUID()}`)
  mkdirSync(staging, { recursive: true })
  try {
    const add: StagedFile[] = []
    for (const month of months) {
      for (const grain of ['hour', 'day'] as const) {
        const file = await writeMonth(connection, staging, grain, month, options.plantTz)
        if (file !== undefined) add.push(file)
      }
    }
    await commitKpis(catalog, options.runId, add, months, snapshot)
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
  return days
}

async function writeMonth(connection: DuckDBConnection, staging: string, grain: KpiGrain, month: PlantMonth, plantTz: string): Promise<StagedFile | undefined> {
  const select = kpiSql({ grain, plantTz, from: month.from, to: month.to })
  const localFile = join(staging, `${grain}-${month.key}.parquet`)
  // Periods that straddle a month boundary (hours in half-hour zones) belong to the month of their day.
  const rowCount = await copyToParquet(connection, `SELECT * FROM (${select}) WHERE strftime(day, '%Y-%m') = '${month.key}'`, localFile)
  if (rowCount === 0) return undefined
  return { table: KPI_TABLES[grain].name, localFile, rowCount, partition: month.key }
}

async function commitKpis(catalog: Catalog, runId: number | undefined, add: StagedFile[], months: PlantMonth[], snapshot: number): Promise<void> {
  // Catalogs written before KPI files were monthly have daily partitions: those go too.
  const partitions = months.flatMap((month) => [month.key, ...month.days])
  await commit(catalog, {
    operation: 'rebuild',
    jobRunId: runId,
    add,
    remove: Object.values(KPI_TABLES).map((table) => ({ table: table.name, partitions })),
    lineage: Object.values(KPI_TABLES).flatMap((table) =>
      ['mes.orders', 'mes.machine_states', 'mes.production_counts', 'mes.quality_inspections'].map((source) => ({
        table: table.name,
        sourceKind: 'table' as const,
        source,
        sourceVersion: `snapshot ${snapshot}`,
        detail: `months ${months[0]?.key}..${months.at(-1)?.key}`,
      })),
    ),
    summary: { kpiMonths: months.map((month) => month.key) },
  })
}
