/**
 * Keeps the embedded plant's landing folder filled: writes the dumps of every recent
 * plant-local day that has none yet (the last `days` days, up to yesterday), as a real MES
 * would export each finished day. Existing days are left alone, so restarts add nothing twice.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { naiveLocal } from '../plant-time.ts'
import { writeCorruptFile, writeDay } from './write-dumps.ts'

export interface FillLandingOptions {
  landingDir: string
  plantTz: string
  /** How many finished days to keep present (default 7). */
  days?: number
  machines?: number
  now?: Date
  /** Called before each missing day is written: `done` of `total` missing days are written. */
  onDay?: (progress: { day: string; done: number; total: number; files: number; rows: number }) => Promise<void> | void
}

export interface FilledDay {
  day: string
  files: number
  /** Rows (or lines) in the day's files, dirt included. */
  rows: number
}

export interface FilledLanding {
  /** The days written now, oldest first. */
  written: FilledDay[]
  /** The days of the window that had their dumps already. */
  present: string[]
  /** The corrupt sample file of a first fill, if written. */
  corruptFile?: string
}

export async function fillLanding(options: FillLandingOptions): Promise<FilledLanding> {
  const fresh = !existsSync(options.landingDir) || readdirSync(options.landingDir).length === 0
  const window = recentDays(options.now ?? new Date(), options.plantTz, options.days ?? 7)
  const ordersDir = join(options.landingDir, 'orders')
  const present = window.filter((day) => existsSync(ordersDir) && readdirSync(ordersDir).some((name) => name.startsWith(day)))
  const missing = window.filter((day) => !present.includes(day))
  const written: FilledDay[] = []
  for (const day of missing) {
    await options.onDay?.({ day, done: written.length, total: missing.length, files: sum(written, 'files'), rows: sum(written, 'rows') })
    const { files } = await writeDay({ landingDir: options.landingDir, day, plantTz: options.plantTz, machines: options.machines })
    written.push({ day, files: files.length, rows: files.reduce((total, file) => total + file.rows, 0) })
  }
  // One unreadable file on first fill, so a newcomer sees how file quarantine looks.
  const corruptFile = fresh ? await writeCorruptFile(options.landingDir) : undefined
  return { written, present, corruptFile }
}

const sum = (days: FilledDay[], key: 'files' | 'rows'): number => days.reduce((total, day) => total + day[key], 0)

/** The `count` plant-local days before the day of `now`, oldest first. */
export function recentDays(now: Date, plantTz: string, count: number): string[] {
  const today = naiveLocal(now.getTime(), plantTz).slice(0, 10)
  const days: string[] = []
  for (let back = count; back >= 1; back--) {
    const day = new Date(`${today}T12:00:00Z`)
    day.setUTCDate(day.getUTCDate() - back)
    days.push(day.toISOString().slice(0, 10))
  }
  return days
}
