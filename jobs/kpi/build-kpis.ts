/**
 * Rebuilds the KPI gold tables for the plant-local days an MES commit touched: computes
 * `kpi.machine_hourly` and `kpi.machine_daily` over the clean views, writes one file per day and
 * table, and replaces those days' files in one commit. Days not touched keep their files.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { randomUUID } from 'node:crypto'
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { commit, createCatalogViews, ensureTable, latestSnapshotId, type Catalog, type StagedFile, type TableDefinition } from '../../catalog/index.ts'
import { kpiColumns } from './kpi-columns.ts'
import { kpiSql, type KpiGrain } from './kpi-sql.ts'

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

/** Returns the plant-local days rebuilt, as YYYY-MM-DD. */
export async function buildKpis(options: BuildKpisOptions): Promise<string[]> {
  if (options.eventTimes.length === 0) return []
  const { catalog, connection } = options
  const min = options.eventTimes.map((range) => range.min).sort()[0]!
  const max = options.eventTimes.map((range) => range.max).sort().at(-1)!
  // A state interval that starts on the last day may run into the next one.
  const window = await localDayWindow(connection, options.plantTz, min, max, 1)

  for (const table of Object.values(KPI_TABLES)) await ensureTable(catalog, table)
  await createCatalogViews(connection, catalog)
  const snapshot = await latestSnapshotId(catalog)

  const staging = join(catalog.stagingDir, `kpi-${randomUUID()}`)
  try {
    const add: StagedFile[] = []
    for (const grain of ['hour', 'day'] as const) {
      const select = kpiSql({ grain, plantTz: options.plantTz, from: window.from, to: window.to })
      add.push(...(await writeByDay(connection, join(staging, grain), KPI_TABLES[grain].name, select, window.days)))
    }
    await commitKpis(catalog, options.runId, add, window.days, snapshot)
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
  return window.days
}

async function commitKpis(catalog: Catalog, runId: number | undefined, add: StagedFile[], days: string[], snapshot: number): Promise<void> {
  await commit(catalog, {
    operation: 'rebuild',
    jobRunId: runId,
    add,
    remove: Object.values(KPI_TABLES).map((table) => ({ table: table.name, partitions: days })),
    lineage: Object.values(KPI_TABLES).flatMap((table) =>
      ['mes.orders', 'mes.machine_states', 'mes.production_counts', 'mes.quality_inspections'].map((source) => ({
        table: table.name,
        sourceKind: 'table' as const,
        source,
        sourceVersion: `snapshot ${snapshot}`,
        detail: `days ${days[0]}..${days.at(-1)}`,
      })),
    ),
    summary: { kpiDays: days },
  })
}

interface DayWindow {
  days: string[]
  from: string
  to: string
}

async function localDayWindow(connection: DuckDBConnection, tz: string, min: string, max: string, extraDays: number): Promise<DayWindow> {
  const zone = `'${tz.replaceAll("'", "''")}'`
  const iso = (expr: string): string => `strftime(${expr} AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ')`
  const result = await connection.runAndReadAll(`
    WITH bounds AS (
      SELECT (TIMESTAMPTZ '${min}' AT TIME ZONE ${zone})::DATE AS first_day,
             (TIMESTAMPTZ '${max}' AT TIME ZONE ${zone})::DATE + ${extraDays} AS last_day
    )
    SELECT strftime(first_day, '%Y-%m-%d') AS first_day, strftime(last_day, '%Y-%m-%d') AS last_day,
           ${iso(`(first_day::TIMESTAMP) AT TIME ZONE ${zone}`)} AS from_ts,
           ${iso(`((last_day + 1)::TIMESTAMP) AT TIME ZONE ${zone}`)} AS to_ts
    FROM bounds`)
  const row = result.getRowObjectsJson()[0]!
  const days: string[] = []
  for (let day = new Date(`${row.first_day}T00:00:00Z`); day <= new Date(`${row.last_day}T00:00:00Z`); day.setUTCDate(day.getUTCDate() + 1)) {
    days.push(day.toISOString().slice(0, 10))
  }
  return { days, from: String(row.from_ts), to: String(row.to_ts) }
}

/** One file per day partition (DuckDB writes `day=YYYY-MM-DD/…parquet`), kept only for `days`. */
async function writeByDay(connection: DuckDBConnection, dir: string, table: string, select: string, days: string[]): Promise<StagedFile[]> {
  mkdirSync(dir, { recursive: true })
  await connection.run(
    `COPY (SELECT * FROM (${select}) WHERE strftime(day, '%Y-%m-%d') IN (${days.map((d) => `'${d}'`).join(', ')}))
     TO '${dir}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (day), WRITE_PARTITION_COLUMNS true)`,
  )
  const files: StagedFile[] = []
  for (const folder of readdirSync(dir)) {
    const day = folder.replace(/^day=/, '')
    for (const name of readdirSync(join(dir, folder))) {
      const localFile = join(dir, folder, name)
      const count = await connection.runAndReadAll(`SELECT sum(num_rows)::BIGINT AS n FROM parquet_file_metadata('${localFile}')`)
      files.push({ table, localFile, rowCount: Number(count.getRowObjectsJson()[0]?.n ?? 0), partition: day })
    }
  }
  return files
}
