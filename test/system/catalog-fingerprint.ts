/**
 * A catalog's tables as figures a test can compare between two catalogs: each table's row count
 * and an MD5 of its rows, sorted, as text. Two catalogs fed the same MES dumps must give equal
 * fingerprints however their runs were interrupted and taken over (issue 16's "every table ends
 * equal to a clean single-instance run"). Columns that name a run or its time (`run`,
 * `quarantined_at`) are left out: they differ between any two runs.
 */
import { DATASET_NAMES } from '../../jobs/mes/datasets.ts'
import { queryCatalog, type CatalogLocation } from '../sensors/data-dir-catalog.ts'

export interface TableFingerprint {
  table: string
  rows: number
  digest: string
}

/** The tables MES ingestion and the KPI job write, each as the rows to compare. */
const FINGERPRINTED: [table: string, rows: string][] = [
  ...DATASET_NAMES.map((dataset): [string, string] => [`mes.${dataset}`, `SELECT * FROM mes.${dataset}`]),
  ['quarantine.mes_rows', 'SELECT source, etag, dataset, row_number, line, raw, reason FROM quarantine.mes_rows'],
  ['quarantine.mes_files', 'SELECT source, etag, dataset, size, reason FROM quarantine.mes_files'],
  ['kpi.machine_hourly', 'SELECT * FROM kpi.machine_hourly'],
  ['kpi.machine_daily', 'SELECT * FROM kpi.machine_daily'],
]

/** The SQL giving one row per table: its name, row count and digest. */
export function fingerprintSql(): string {
  return FINGERPRINTED.map(
    ([table, rows]) => `SELECT '${table}' AS table_name, count(*) AS n, md5(coalesce(string_agg(r::VARCHAR, chr(10) ORDER BY r::VARCHAR), '')) AS digest FROM (${rows}) r`,
  ).join('\nUNION ALL\n')
}

export async function fingerprintCatalog(location: CatalogLocation): Promise<TableFingerprint[]> {
  const rows = await queryCatalog(location, `SELECT * FROM (${fingerprintSql()}) ORDER BY table_name`)
  return rows.map((row) => ({ table: String(row.table_name), rows: Number(row.n), digest: String(row.digest) }))
}
