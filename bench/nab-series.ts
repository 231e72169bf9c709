/**
 * The NAB series of test/fixtures/nab (copied from ../shared with their licence) as readings and
 * labelled windows. NAB timestamps carry no zone; they are read as UTC.
 */
import { readFileSync } from 'node:fs'
import type { NabSeries, ReadingInput } from '../alerts/index.ts'

const FIXTURES = new URL('../test/fixtures/nab/', import.meta.url)

export interface RecordedSeries extends NabSeries {
  name: string
  values: number[]
}

export function nabTime(text: string): number {
  return Date.parse(`${text.trim().slice(0, 19).replace(' ', 'T')}Z`)
}

export function loadNabSeries(name: string): RecordedSeries {
  const lines = readFileSync(new URL(`${name}.csv`, FIXTURES), 'utf8').trim().split('\n').slice(1)
  const timestamps = lines.map((line) => nabTime(line.split(',')[0]!))
  const values = lines.map((line) => Number(line.split(',')[1]))
  const labels = JSON.parse(readFileSync(new URL('combined_windows.json', FIXTURES), 'utf8')) as Record<string, [string, string][]>
  const windows = (labels[`realKnownCause/${name}.csv`] ?? []).map(([start, end]) => ({ start: nabTime(start), end: nabTime(end) }))
  return { name, timestamps, values, windows }
}

/** The series as readings of one sensor, in file order (NAB's machine series has one clock jump back). */
export function readingsOf(series: RecordedSeries): ReadingInput[] {
  return series.timestamps.map((ts, i) => ({ kind: 'reading', ts, machine_id: 'nab', sensor_id: series.name, temperature_c: series.values[i]! }))
}

/** NAB's HTM detections on the machine series at NAB's standard threshold (a derived fixture). */
export function numentaDetections(): number[] {
  const fixture = JSON.parse(readFileSync(new URL('numenta-machine-temperature-detections.json', FIXTURES), 'utf8')) as { detections: string[] }
  return fixture.detections.map(nabTime)
}
