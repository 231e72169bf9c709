/**
 * One machine's state timeline for a plant-local day: consecutive segments from the first to
 * the last instant of the day, never a gap or an overlap, so that the states' durations add up
 * to the day's length (23, 24 or 25 hours) the way an OEE availability calculation expects.
 */
import { localToUtc } from '../plant-time.ts'
import type { Random } from './random.ts'
import type { MachineState } from './rows.ts'

export interface Segment {
  state: MachineState
  /** UTC epoch milliseconds, whole seconds. */
  start: number
  end: number
  reason: string | null
}

/** Shift breaks in plant-local time; every machine stops for them (PLANNED_STOP). */
export const SHIFT_BREAKS = [
  { at: '02:00:00', minutes: 30 },
  { at: '10:00:00', minutes: 30 },
  { at: '18:00:00', minutes: 30 },
] as const

const REASONS: Record<'IDLE' | 'DOWN', readonly string[]> = {
  IDLE: ['NO_MATERIAL', 'NO_OPERATOR', 'CHANGEOVER', 'WAITING_QC'],
  DOWN: ['JAM', 'TOOL_BREAK', 'ELECTRICAL', 'HYDRAULIC', 'SENSOR_FAULT'],
}

/** [min, max] seconds a segment lasts before the machine changes state. */
const DURATION_S: Record<'RUNNING' | 'IDLE' | 'DOWN', readonly [number, number]> = {
  RUNNING: [1_800, 9_000],
  IDLE: [180, 1_200],
  DOWN: [300, 3_600],
}

/** A stop shorter than this before a break is folded into the segment before it (no slivers). */
const MIN_SEGMENT_MS = 60_000

export interface DayWindow {
  start: number
  end: number
}

/** The shift breaks of `day` as UTC windows, clipped to the day (a DST jump may move them). */
export function breakWindows(day: string, timeZone: string, bounds: DayWindow): DayWindow[] {
  return SHIFT_BREAKS.map(({ at, minutes }) => {
    const start = localToUtc(day, at, timeZone)
    return { start: Math.max(start, bounds.start), end: Math.min(start + minutes * 60_000, bounds.end) }
  })
    .filter((window) => window.start < window.end)
    .sort((a, b) => a.start - b.start)
}

export function machineTimeline(bounds: DayWindow, breaks: readonly DayWindow[], random: Random): Segment[] {
  const segments: Segment[] = []
  let cursor = bounds.start
  for (const window of breaks) {
    fill(cursor, window.start, random, segments)
    segments.push({ state: 'PLANNED_STOP', start: window.start, end: window.end, reason: 'BREAK' })
    cursor = window.end
  }
  fill(cursor, bounds.end, random, segments)
  return segments
}

/** Alternates RUNNING with an IDLE or DOWN stop until `to`; the last segment ends exactly there. */
function fill(from: number, to: number, random: Random, out: Segment[]): void {
  let state: 'RUNNING' | 'IDLE' | 'DOWN' = random.chance(0.85) ? 'RUNNING' : 'IDLE'
  let cursor = from
  while (cursor < to) {
    const [min, max] = DURATION_S[state]
    let end = Math.min(to, cursor + random.int(min, max) * 1000)
    if (to - end < MIN_SEGMENT_MS) end = to
    out.push({ state, start: cursor, end, reason: state === 'RUNNING' ? null : random.pick(REASONS[state]) })
    cursor = end
    state = state !== 'RUNNING' ? 'RUNNING' : random.chance(0.6) ? 'IDLE' : 'DOWN'
  }
}

/** The RUNNING stretches inside [start, end), clipped to it. */
export function runningWithin(segments: readonly Segment[], start: number, end: number): DayWindow[] {
  const overlaps: DayWindow[] = []
  for (const segment of segments) {
    if (segment.state !== 'RUNNING') continue
    const from = Math.max(segment.start, start)
    const to = Math.min(segment.end, end)
    if (from < to) overlaps.push({ start: from, end: to })
  }
  return overlaps
}
