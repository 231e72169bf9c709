/**
 * Deterministic dirt for a simulated day: the mistakes real MES exports make, injected at
 * seeded rows and listed in a manifest so tests can count exactly what the ingestion must
 * quarantine (REJECTED_DIRT) and what it must accept after normalising (the other kinds).
 * Each kind lands on a row no other kind touched, so one dirty row has exactly one fault.
 */
import type { DatasetName } from '../mes/datasets.ts'
import { isLineFormat, type DumpFormat } from './formats.ts'
import { localToUtc, naiveLocal } from '../plant-time.ts'
import { createRandom, deriveSeed, type Random } from './random.ts'
import type { DayRows, LooseRow, PlantDay } from './rows.ts'

export const DIRT_KINDS = [
  'missing-key', 'bad-timestamp', 'negative-count', 'unknown-state', 'end-before-start',
  'number-as-string', 'naive-timestamp', 'mixed-case-enum', 'malformed-line',
] as const
export type DirtKind = (typeof DIRT_KINDS)[number]

/** Kinds whose row breaks a rule of ../mes/datasets.ts (or is no row at all). */
export const REJECTED_DIRT: ReadonlySet<DirtKind> = new Set(['missing-key', 'bad-timestamp', 'negative-count', 'unknown-state', 'end-before-start', 'malformed-line'])

export interface DirtEntry {
  kind: DirtKind
  dataset: DatasetName
  /** Position in the written file: data row of a CSV, element of a JSON array, line of NDJSON. */
  rowIndex: number
  /** The column changed; absent for a malformed line. */
  column?: string
}

/** A line of a JSON-lines file that is not valid JSON (a writer cut off mid-row). */
export class MalformedLine {
  constructor(readonly text: string) {}
}

export type DirtyRow = LooseRow | MalformedLine

export interface DirtyDay {
  rows: DayRows<DirtyRow>
  manifest: DirtEntry[]
}

export interface DirtOptions {
  seed: number
  /** The day being dirtied: each day's dirt lands on different rows. */
  day: string
  /** Naive timestamps are written in this zone's wall-clock time. */
  plantTz: string
  /** Datasets written as JSON lines get a malformed line. */
  formats?: Partial<Record<DatasetName, DumpFormat>>
}

interface Fault {
  kind: Exclude<DirtKind, 'malformed-line'>
  dataset: DatasetName
  column: string
  /** False for rows the fault cannot apply to (e.g. a naive time the DST change makes ambiguous). */
  fits?: (row: LooseRow, plantTz: string) => boolean
  apply: (row: LooseRow, plantTz: string) => void
}

const titleCase = (value: unknown): string => String(value).toLowerCase().replace(/(^|_)([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase())
const naive = (value: unknown, tz: string): string => naiveLocal(Date.parse(String(value)), tz)
// A hand-typed local date with an hour that does not exist: no parser accepts it.
const germanHour25 = (value: unknown): string => String(value).slice(0, 10).split('-').reverse().join('.') + ' 25:61'
// Only a naive time that maps back to one instant can be checked after ingestion.
const unambiguous = (column: string) => (row: LooseRow, tz: string): boolean => {
  const [day, time] = naive(row[column], tz).split(' ') as [string, string]
  return localToUtc(day, time, tz) === Date.parse(String(row[column]))
}

export const FAULTS: readonly Fault[] = [
  { kind: 'end-before-start', dataset: 'orders', column: 'planned_end', apply: (r) => ([r.planned_start, r.planned_end] = [r.planned_end, r.planned_start]) },
  { kind: 'number-as-string', dataset: 'orders', column: 'planned_qty', apply: (r) => (r.planned_qty = String(r.planned_qty)) },
  { kind: 'naive-timestamp', dataset: 'orders', column: 'planned_start', fits: unambiguous('planned_start'), apply: (r, tz) => (r.planned_start = naive(r.planned_start, tz)) },
  { kind: 'unknown-state', dataset: 'machine_states', column: 'state', apply: (r) => (r.state = 'SETUP') },
  { kind: 'mixed-case-enum', dataset: 'machine_states', column: 'state', apply: (r) => (r.state = titleCase(r.state)) },
  { kind: 'bad-timestamp', dataset: 'machine_states', column: 'start_time', apply: (r) => (r.start_time = germanHour25(r.start_time)) },
  { kind: 'missing-key', dataset: 'production_counts', column: 'machine_id', apply: (r) => delete r.machine_id },
  { kind: 'negative-count', dataset: 'production_counts', column: 'scrap_count', apply: (r) => (r.scrap_count = -1 - Number(r.scrap_count)) },
  { kind: 'number-as-string', dataset: 'production_counts', column: 'good_count', apply: (r) => (r.good_count = String(r.good_count)) },
  { kind: 'mixed-case-enum', dataset: 'quality_inspections', column: 'result', apply: (r) => (r.result = titleCase(r.result)) },
  { kind: 'naive-timestamp', dataset: 'quality_inspections', column: 'inspected_at', fits: unambiguous('inspected_at'), apply: (r, tz) => (r.inspected_at = naive(r.inspected_at, tz)) },
  { kind: 'missing-key', dataset: 'quality_inspections', column: 'inspection_id', apply: (r) => delete r.inspection_id },
]

/** Returns dirtied copies of the day's rows (the input is not changed) and the manifest. */
export function applyDirt(day: PlantDay, options: DirtOptions): DirtyDay {
  // One stream per dataset, so a dataset's dirt does not move when another dataset changes.
  const streams = new Map<DatasetName, Random>()
  const randomFor = (dataset: DatasetName): Random => {
    if (!streams.has(dataset)) streams.set(dataset, createRandom(deriveSeed(options.seed, options.day, 'dirt', dataset)))
    return streams.get(dataset)!
  }
  const rows = copyRows(day)
  const manifest: DirtEntry[] = []
  const used = new Map<DatasetName, Set<number>>()
  for (const fault of FAULTS) {
    const list = rows[fault.dataset]
    const taken = used.get(fault.dataset) ?? new Set<number>()
    used.set(fault.dataset, taken)
    // A day too small for every fault simply gets fewer; the manifest says which.
    const index = shuffled(list.length, randomFor(fault.dataset)).find((i) => !taken.has(i) && (fault.fits?.(list[i]!, options.plantTz) ?? true))
    if (index === undefined) continue
    fault.apply(list[index]!, options.plantTz)
    taken.add(index)
    manifest.push({ kind: fault.kind, dataset: fault.dataset, rowIndex: index, column: fault.column })
  }
  const dirty = rows as DayRows<DirtyRow>
  for (const [dataset, format] of Object.entries(options.formats ?? {}) as [DatasetName, DumpFormat][]) {
    if (isLineFormat(format)) manifest.push(insertMalformedLine(dirty[dataset], dataset, manifest, randomFor(dataset)))
  }
  return { rows: dirty, manifest }
}

/** The day as dump rows with no dirt, for writers that take either. */
export function withoutDirt(day: PlantDay): DirtyDay {
  return { rows: copyRows(day), manifest: [] }
}

function copyRows(day: PlantDay): DayRows<LooseRow> {
  return Object.fromEntries(Object.entries(day).map(([name, list]) => [name, list.map((row: object) => ({ ...row }))])) as DayRows<LooseRow>
}

/** Adds a row cut in half as an extra line; later entries of the dataset move down one line. */
function insertMalformedLine(list: DirtyRow[], dataset: DatasetName, manifest: DirtEntry[], random: Random): DirtEntry {
  const index = random.int(0, list.length)
  const text = JSON.stringify(list[Math.min(index, list.length - 1)] ?? { dataset })
  list.splice(index, 0, new MalformedLine(text.slice(0, Math.floor(text.length / 2))))
  for (const entry of manifest) if (entry.dataset === dataset && entry.rowIndex >= index) entry.rowIndex++
  return { kind: 'malformed-line', dataset, rowIndex: index }
}

function shuffled(length: number, random: Random): number[] {
  const order = Array.from({ length }, (_, i) => i)
  for (let i = length - 1; i > 0; i--) {
    const j = random.int(0, i)
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  return order
}
