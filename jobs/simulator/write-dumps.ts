/**
 * The simulator's I/O: a day of MES dumps into a landing folder (`<dataset>/<day>.<ext>`), a
 * corrupt file, and a corrected re-export. Every file is written atomically, so an ingest
 * running at the same time sees a whole file or none.
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { DATASET_NAMES, datasets, type DatasetName } from '../mes/datasets.ts'
import { writeFileAtomically } from './atomic-write.ts'
import { applyDirt, withoutDirt, type DirtEntry } from './dirt.ts'
import { writeDumpFile } from './dump-file.ts'
import { EXTENSIONS, rotateFormats, type DumpFormat } from './formats.ts'
import { simulatePlantDay } from './plant-model.ts'
import { createRandom, deriveSeed } from './random.ts'

/** The seed of the built-in demo plant. */
export const DEFAULT_SEED = 20_261_124

export interface SimulatedDayOptions {
  landingDir: string
  /** Plant-local day, `YYYY-MM-DD`. */
  day: string
  machines?: number
  plantTz: string
  seed?: number
}

export interface WriteDayOptions extends SimulatedDayOptions {
  /** Inject the faults of ./dirt.ts (default true: real exports are never clean). */
  dirt?: boolean
  /** Per-dataset formats; the others follow the daily rotation of ./formats.ts. */
  formats?: Partial<Record<DatasetName, DumpFormat>>
}

export interface WrittenFile {
  dataset: DatasetName
  format: DumpFormat
  path: string
  /** Rows (or lines) in the file, a malformed line included. */
  rows: number
}

export interface WrittenDay {
  files: WrittenFile[]
  /** What dirt went where; empty when `dirt` is false. */
  manifest: DirtEntry[]
}

export async function writeDay(options: WriteDayOptions): Promise<WrittenDay> {
  const seed = options.seed ?? DEFAULT_SEED
  const formats = { ...rotateFormats(options.day), ...options.formats }
  const clean = simulatePlantDay({ day: options.day, machines: options.machines, plantTz: options.plantTz, seed })
  const { rows, manifest } = options.dirt === false ? withoutDirt(clean) : applyDirt(clean, { seed, day: options.day, plantTz: options.plantTz, formats })
  const files: WrittenFile[] = []
  for (const dataset of DATASET_NAMES) {
    const format = formats[dataset]
    const path = join(options.landingDir, dataset, `${options.day}${EXTENSIONS[format]}`)
    await writeDumpFile(path, format, rows[dataset], datasets[dataset])
    files.push({ dataset, format, path, rows: rows[dataset].length })
  }
  return { files, manifest }
}

/**
 * A Parquet file cut off mid-upload: the leading magic bytes, then garbage and no footer.
 * Readers fail on it; the ingest must quarantine the file and go on.
 */
export async function writeCorruptFile(landingDir: string, options: { label?: string } = {}): Promise<string> {
  const random = createRandom(deriveSeed(DEFAULT_SEED, 'corrupt'))
  const garbage = Uint8Array.from({ length: 512 }, () => random.int(0, 255))
  const path = join(landingDir, 'production_counts', `corrupt-${options.label ?? 'truncated'}.parquet`)
  await writeFileAtomically(path, Buffer.concat([Buffer.from('PAR1'), garbage]))
  return path
}

export interface ReexportOptions extends SimulatedDayOptions {
  /** How many counts to correct (default 3). */
  corrections?: number
  /** Default: the format the day's production_counts were rotated to. */
  format?: DumpFormat
}

export interface CorrectedCount {
  machine_id: string
  period_start: string
  previous: number
  good_count: number
}

/**
 * A corrected re-export of a day's production counts, as an MES sends after an operator
 * recount: only the corrected rows, in a new file `<day>.v<n>.<ext>` (n = 2, 3, …). The
 * latest version of a key wins, so exactly the returned keys change. Rows the original's dirt
 * broke are never chosen, so each correction replaces a row the ingest accepted.
 */
export async function reexportCorrected(options: ReexportOptions): Promise<{ path: string; changes: CorrectedCount[] }> {
  const seed = options.seed ?? DEFAULT_SEED
  const day = simulatePlantDay({ day: options.day, machines: options.machines, plantTz: options.plantTz, seed })
  const counts = day.production_counts
  const dirty = new Set(applyDirt(day, { seed, day: options.day, plantTz: options.plantTz }).manifest.filter((e) => e.dataset === 'production_counts').map((e) => e.rowIndex))
  const folder = join(options.landingDir, 'production_counts')
  const version = await nextVersion(folder, options.day)
  const random = createRandom(deriveSeed(seed, options.day, 'correction', String(version)))
  const candidates = counts.filter((row, i) => !dirty.has(i) && row.good_count >= 5)
  const corrected = new Map<number, CorrectedCount>()
  while (corrected.size < Math.min(options.corrections ?? 3, candidates.length)) {
    const index = random.int(0, candidates.length - 1)
    const row = candidates[index]!
    // Recounts find fewer good parts, never more than the machine could make.
    corrected.set(index, { machine_id: row.machine_id, period_start: row.period_start, previous: row.good_count, good_count: row.good_count - random.int(1, 4) })
  }
  const changes = [...corrected.entries()].sort(([a], [b]) => a - b).map(([, change]) => change)
  const rows = changes.map((c) => ({ ...counts.find((r) => r.machine_id === c.machine_id && r.period_start === c.period_start)!, good_count: c.good_count }))
  const format = options.format ?? rotateFormats(options.day).production_counts
  const path = join(folder, `${options.day}.v${version}${EXTENSIONS[format]}`)
  await writeDumpFile(path, format, rows, datasets.production_counts)
  return { path, changes }
}

async function nextVersion(folder: string, day: string): Promise<number> {
  const names = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[]
    throw error
  })
  const versions = names.map((name) => new RegExp(`^${day}\\.v(\\d+)\\.`).exec(name)?.[1]).filter((v) => v !== undefined).map(Number)
  return Math.max(1, ...versions) + 1
}
