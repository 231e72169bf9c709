/**
 * What a job run did, in one line for the jobs table: each job's summary has its own shape
 * (jobs/…: MesIngestSummary, SimulatorRunSummary, CompactionSummary, VacuumResult, the KPI
 * rebuild's days, DatasetRebuild/KpiRebuild), and a running run shows its progress. Summaries
 * are read defensively: a field a job does not write is left out, never shown as "undefined".
 */
import type { JobRun } from '../../../server/index.ts'
import { browserLocales, count, type Locales } from './locale.ts'

type Summary = Record<string, unknown>

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined)
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
const record = (value: unknown): Summary | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Summary) : undefined)
const plural = (n: number, one: string, many = `${one}s`): string => (n === 1 ? one : many)
const span = (from: string | undefined, to: string | undefined): string => (from === undefined ? '' : to === undefined || to === from ? ` (${from})` : ` (${from} – ${to})`)

function mesIngest(summary: Summary, n: (value: number) => string): string | undefined {
  const objects = record(summary.objects)
  const rows = record(summary.rows)
  if (objects === undefined || rows === undefined) return undefined
  const files = num(objects.quarantined) ?? 0
  return `${n(num(objects.ingested) ?? 0)} ingested · ${n(num(objects.skipped) ?? 0)} skipped · ${n(files)} ${plural(files, 'file')} quarantined · ${n(num(rows.accepted) ?? 0)} rows · ${n(num(rows.quarantined) ?? 0)} rows quarantined`
}

function simulator(summary: Summary, n: (value: number) => string): string | undefined {
  const written = num(summary.daysWritten)
  if (written === undefined) return undefined
  const present = num(summary.daysPresent) ?? 0
  if (written === 0) return `no day missing · ${n(present)} ${plural(present, 'day')} present`
  const files = num(summary.files) ?? 0
  const rows = num(summary.rows) ?? 0
  return `${n(written)} ${plural(written, 'day')} written${span(str(summary.from), str(summary.to))} · ${n(files)} ${plural(files, 'file')} · ${n(rows)} rows`
}

function compaction(summary: Summary, n: (value: number) => string): string | undefined {
  if (!Array.isArray(summary.tables)) return undefined
  const tables = summary.tables.map(record).filter((t) => t !== undefined)
  const before = tables.reduce((total, t) => total + (num(t.before) ?? 0), 0)
  const after = tables.reduce((total, t) => total + (num(t.after) ?? 0), 0)
  const merged = tables.filter((t) => num(t.after) !== num(t.before)).length
  return `${n(tables.length)} ${plural(tables.length, 'table')} · ${n(before)} → ${n(after)} files · ${n(merged)} ${plural(merged, 'table')} compacted`
}

function vacuum(summary: Summary, n: (value: number) => string): string | undefined {
  if (!Array.isArray(summary.deleted)) return undefined
  const deleted = summary.deleted.length
  const kept = num(summary.kept) ?? 0
  return `${n(deleted)} ${plural(deleted, 'file')} deleted · ${n(kept)} unregistered ${plural(kept, 'file')} kept (too recent)`
}

function kpiDays(summary: Summary, n: (value: number) => string): string | undefined {
  const days = Array.isArray(summary.kpiDays) ? summary.kpiDays.length : num(summary.days)
  if (days === undefined) return undefined
  const list = Array.isArray(summary.kpiDays) ? summary.kpiDays.map(str) : []
  return `${n(days)} KPI ${plural(days, 'day')}${span(str(summary.from) ?? list[0], str(summary.to) ?? list.at(-1))}`
}

function rebuild(summary: Summary, n: (value: number) => string): string | undefined {
  if (summary.kind === 'kpi') return kpiDays(summary, n)
  if (summary.kind !== 'dataset') return undefined
  const objects = num(summary.objects) ?? 0
  const days = Array.isArray(summary.kpiDays) ? summary.kpiDays.length : 0
  return `${str(summary.dataset) ?? 'dataset'}: ${n(objects)} ${plural(objects, 'object')} · ${n(num(summary.rowsAccepted) ?? 0)} rows · ${n(num(summary.rowsQuarantined) ?? 0)} rows quarantined · ${n(days)} KPI ${plural(days, 'day')}`
}

const BY_JOB: Record<string, (summary: Summary, n: (value: number) => string) => string | undefined> = {
  'mes-ingest': mesIngest,
  'plant-simulator': simulator,
  compact: compaction,
  vacuum,
  'kpi-rebuild': kpiDays,
  rebuild,
}

/** Units of a running run's progress, per job (MES ingestion counts source objects). */
const PROGRESS_UNIT: Record<string, string> = { 'plant-simulator': 'days', 'mes-ingest': 'objects' }

export function runCounts(run: Pick<JobRun, 'job' | 'summary' | 'progress'>, locales: Locales = browserLocales()): string {
  const n = (value: number) => count(value, locales)
  const summary = record(run.summary)
  const described = summary === undefined ? undefined : BY_JOB[run.job]?.(summary, n)
  if (described !== undefined) return described
  const progress = run.progress
  if (progress === null) return ''
  const current = progress.current === undefined ? '' : ` · ${progress.current}`
  return `${n(progress.done)}/${n(progress.total)} ${PROGRESS_UNIT[run.job] ?? 'steps'} · ${n(progress.rows)} rows${current}`
}
