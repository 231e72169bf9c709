/**
 * Rebuilds the KPI gold tables for the plant-local days of some event-time ranges. Files are kept
 * per plant-local month and table, so a rebuild recomputes the touched months one at a time —
 * bounded memory however many days it spans — and replaces just those months' files in one
 * commit, which also settles the KPI debts it pays (./kpi-debt.ts). Months not touched keep
 * their files. Everything is read as of one snapshot, and the commit removes exactly the KPI
 * files current at it: a KPI commit that landed meanwhile (another process's) fails this one
 * rather than being overwritten with older figures, and the debt stays for the next run.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { randomUUID } from 'node:crypto'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { commit, copyToParquet, createCatalogViews, ensureTable, filesAsOf, latestSnapshotId, type Catalog, type StagedFile, type TableDefinition } from '../../catalog/index.ts'
import { crashPoint } from '../crash-point.ts'
import { checkLease, fencedEffects, type LeaseGuard } from '../lease-guard.ts'
import { kpiColumns } from './kpi-columns.ts'
import { kpiSql, type KpiGrain } from './kpi-sql.ts'
import { kpiCoverage, type PlantMonth } from './plant-calendar.ts'

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
  /** Event-time ranges (ISO instants) whose days to recompute. */
  eventTimes: { min: string; max: string }[]
  /** The snapshot to read (default: the latest). */
  snapshot?: number
  /** KPI debts (ids) this build pays, settled by its commit. */
  settle?: number[]
  /** The lease the build runs under (../lease-guard.ts): checked per month, confirmed before the commit. */
  lease?: LeaseGuard
}

/** Returns the plant-local days holding the data, as YYYY-MM-DD (whole months are recomputed). */
export async function buildKpis(options: BuildKpisOptions): Promise<string[]> {
  if (options.eventTimes.length === 0) return []
  const { catalog, connection } = options
  const { days, months } = kpiCoverage(options.eventTimes, options.plantTz)

  for (const table of Object.values(KPI_TABLES)) await ensureTable(catalog, table)
  const snapshot = options.snapshot ?? (await latestSnapshotId(catalog))
  await createCatalogViews(connection, catalog, { asOf: snapshot })

  const staging = join(catalog.stagingDir, `kpi-${randomUUID()}`)
  mkdirSync(staging, { recursive: true })
  try {
    const add: StagedFile[] = []
    for (const month of months) {
      checkLease(options.lease)
      for (const grain of ['hour', 'day'] as const) {
        const file = await writeMonth(connection, staging, grain, month, options.plantTz)
        if (file !== undefined) add.push(file)
        await crashPoint('mid-kpi-write')
      }
    }
    await commitKpis(catalog, { ...options, add, months, snapshot })
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

interface KpiCommit {
  runId?: number
  settle?: number[]
  add: StagedFile[]
  months: PlantMonth[]
  snapshot: number
  lease?: LeaseGuard
}

async function commitKpis(catalog: Catalog, kpis: KpiCommit): Promise<void> {
  const { months, snapshot } = kpis
  // Catalogs written before KPI files were monthly have daily partitions: those go too.
  const partitions = new Set(months.flatMap((month) => [month.key, ...month.days]))
  const remove = []
  for (const table of Object.values(KPI_TABLES)) {
    const files = await filesAsOf(catalog, table.name, snapshot)
    remove.push({ table: table.name, fileIds: files.filter((file) => file.partition !== null && partitions.has(file.partition)).map((file) => file.id) })
  }
  await commit(
    catalog,
    {
      operation: 'rebuild',
      jobRunId: kpis.runId,
      add: kpis.add,
      remove,
      settle: kpis.settle,
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
    },
    // A holder that lost the KPI job's lease registers nothing: the new holder's figures stand.
    fencedEffects(kpis.lease, { afterFilesWritten: () => crashPoint('mid-kpi-commit') }),
  )
}
