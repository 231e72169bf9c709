/**
 * The KPI tables' debt (../../catalog/derived-debt.ts): every commit that changes MES rows owes
 * the KPIs of their days, recorded in that commit's transaction; paying means rebuilding those
 * days as of a snapshot and settling, in the KPI commit, every debt recorded up to it. So a
 * crash after an ingest commit, while the KPI files are written or while they are committed
 * leaves the debt on record, and the next payer (the next MES run, `kpi-rebuild` at server
 * start, a `cockpit rebuild`) rebuilds the days — the KPI tables always catch up with MES.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { debtsAsOf, filesAsOf, latestSnapshotId, retryOnConflict, settleDebts, type Catalog, type DebtEntry } from '../../catalog/index.ts'
import { eventTimeRange } from '../mes/clean-raw.ts'
import { DATASET_NAMES, datasets } from '../mes/datasets.ts'
import { checkLease, type LeaseGuard } from '../lease-guard.ts'
import { buildKpis } from './build-kpis.ts'

export const KPI_DEBT = 'kpi'

/** The debt a commit of MES rows with these event-time ranges records. */
export function kpiDebt(ranges: ({ min: string; max: string } | undefined)[]): DebtEntry[] {
  return ranges.flatMap((range) => (range === undefined ? [] : [{ target: KPI_DEBT, range }]))
}

export interface PayKpiDebtOptions {
  catalog: Catalog
  /** A session whose TimeZone is the plant's. */
  connection: DuckDBConnection
  plantTz: string
  runId?: number
  /** Rebuild every day of MES data, whatever is owed (`cockpit rebuild kpi.…`). */
  everything?: boolean
  /** The lease the payment runs under (../lease-guard.ts), if any. */
  lease?: LeaseGuard
}

/**
 * Rebuilds the KPI days owed as of the latest snapshot (or all of them) and settles those
 * debts. Returns the plant-local days holding the data rebuilt; undefined when nothing was owed.
 * When another process committed KPIs meanwhile (a server and `cockpit ingest` paying at once),
 * the payment starts again from the newer snapshot, which may owe nothing any more.
 */
export function payKpiDebt(options: PayKpiDebtOptions): Promise<string[] | undefined> {
  return retryOnConflict(() => payOnce(options))
}

async function payOnce(options: PayKpiDebtOptions): Promise<string[] | undefined> {
  const { catalog, connection } = options
  checkLease(options.lease)
  const snapshot = await latestSnapshotId(catalog)
  const debts = await debtsAsOf(catalog, KPI_DEBT, snapshot)
  if (debts.length === 0 && options.everything !== true) return undefined
  const settle = debts.map((debt) => debt.id)
  const everything = options.everything === true || debts.some((debt) => debt.range === null)
  const eventTimes = everything ? await mesEventTimes(catalog, connection, snapshot) : debts.flatMap((debt) => (debt.range === null ? [] : [debt.range]))
  // Owed, but no MES rows at all (an ingest of quarantined files only): nothing to write.
  if (eventTimes.length === 0) {
    await options.lease?.confirm()
    await settleDebts(catalog, settle)
    return []
  }
  return buildKpis({ catalog, connection, plantTz: options.plantTz, runId: options.runId, eventTimes, snapshot, settle, lease: options.lease })
}

/** The event-time range of each MES dataset's rows as of a snapshot. */
async function mesEventTimes(catalog: Catalog, connection: DuckDBConnection, snapshot: number): Promise<{ min: string; max: string }[]> {
  const eventTimes: { min: string; max: string }[] = []
  for (const dataset of DATASET_NAMES) {
    const files = await filesAsOf(catalog, `mes.${dataset}`, snapshot)
    const paths = await Promise.all(files.map((file) => catalog.storage.localPath(file.path)))
    const range = await eventTimeRange(connection, paths, datasets[dataset].eventTime)
    if (range !== undefined) eventTimes.push(range)
  }
  return eventTimes
}
