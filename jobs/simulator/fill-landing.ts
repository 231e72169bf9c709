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
}

/** Returns the days written. */
export async function fillLanding(options: FillLandingOptions): Promise<string[]> {
  const fresh = !existsSync(options.landingDir) || readdirSync(options.landingDir).length === 0
  const written: string[] = []
  for (const day of recentDays(options.now ?? new Date(), options.plantTz, options.days ?? 7)) {
    if (existsSync(join(options.landingDir, 'orders')) && readdirSync(join(options.landingDir, 'orders')).some((name) => name.startsWith(day))) continue
    await writeDay({ landingDir: options.landingDir, day, plantTz: options.plantTz, machines: options.machines })
    written.push(day)
  }
  // One unreadable file on first fill, so a newcomer sees how file quarantine looks.
  if (fresh) await writeCorruptFile(options.landingDir)
  return written
}

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
