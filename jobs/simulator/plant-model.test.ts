import { describe, expect, it } from 'vitest'
import { datasets, DATASET_NAMES, type DatasetSpec } from '../mes/datasets.ts'
import { simulatePlantDay, type PlantDayOptions } from './plant-model.ts'
import type { LooseRow, PlantDay } from './rows.ts'

const berlin = (day: string, machines?: number): PlantDayOptions => ({ day, plantTz: 'Europe/Berlin', seed: 7, machines })
const ms = (iso: string): number => Date.parse(iso)

/** The rules of ../mes/datasets.ts for a clean row: the first broken rule, or undefined. */
function problem(spec: DatasetSpec, row: LooseRow): string | undefined {
  const unknown = Object.keys(row).filter((key) => !spec.columns.some((c) => c.name === key))
  if (unknown.length > 0) return `unknown columns ${unknown.join(', ')}`
  for (const column of spec.columns) {
    const value = row[column.name]
    if (value === null || value === undefined) {
      if (column.required || column.kind === 'timestamp') return `${column.name}: missing`
      continue
    }
    const ok = {
      text: typeof value === 'string' && value !== '',
      integer: Number.isInteger(value) && (value as number) >= (column.min ?? -Infinity),
      number: typeof value === 'number' && Number.isFinite(value) && (column.positive !== true || value > 0),
      timestamp: typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(value) && !Number.isNaN(ms(value)),
      enum: typeof value === 'string' && (column.values ?? []).includes(value),
      boolean: typeof value === 'boolean',
    }[column.kind]
    if (!ok) return `${column.name}: bad ${column.kind} (${String(value)})`
  }
  const [start, end] = spec.interval ?? []
  if (start !== undefined && end !== undefined && ms(row[end] as string) < ms(row[start] as string)) return `${end} before ${start}`
  return undefined
}

function runningSecondsIn(day: PlantDay, machine: string, start: number, end: number): number {
  return day.machine_states
    .filter((s) => s.machine_id === machine && s.state === 'RUNNING')
    .reduce((sum, s) => sum + Math.max(0, Math.min(end, ms(s.end_time)) - Math.max(start, ms(s.start_time))) / 1000, 0)
}

describe('simulatePlantDay', () => {
  it('is a pure function of its options', () => {
    expect(simulatePlantDay(berlin('2026-11-24'))).toEqual(simulatePlantDay(berlin('2026-11-24')))
    expect(simulatePlantDay({ ...berlin('2026-11-24'), seed: 8 })).not.toEqual(simulatePlantDay(berlin('2026-11-24')))
    expect(simulatePlantDay(berlin('2026-11-25'))).not.toEqual(simulatePlantDay(berlin('2026-11-24')))
  })

  it('keeps a machine’s day unchanged when machines are added', () => {
    const m01 = (day: PlantDay) => day.machine_states.filter((s) => s.machine_id === 'M01')
    expect(m01(simulatePlantDay(berlin('2026-11-24', 6)))).toEqual(m01(simulatePlantDay(berlin('2026-11-24', 2))))
    expect(new Set(simulatePlantDay(berlin('2026-11-24', 12)).orders.map((o) => o.machine_id)).size).toBe(12)
  })

  // Expected bounds written out by hand, not computed with the code under test.
  it.each([
    ['2026-11-24', 'Europe/Berlin', '2026-11-23T23:00:00Z', '2026-11-24T23:00:00Z', 24],
    ['2026-03-29', 'Europe/Berlin', '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z', 23],
    ['2026-10-25', 'Europe/Berlin', '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z', 25],
    ['2026-03-08', 'America/New_York', '2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z', 23],
    ['2026-11-24', 'UTC', '2026-11-24T00:00:00Z', '2026-11-25T00:00:00Z', 24],
  ])('covers the local day %s in %s exactly, without gaps or overlaps', (day, plantTz, first, last, hours) => {
    const result = simulatePlantDay({ day, plantTz, seed: 3 })
    for (const machine of ['M01', 'M02', 'M03', 'M04']) {
      const states = result.machine_states.filter((s) => s.machine_id === machine)
      expect(states[0]!.start_time).toBe(first)
      expect(states.at(-1)!.end_time).toBe(last)
      states.forEach((s, i) => {
        expect(ms(s.end_time)).toBeGreaterThan(ms(s.start_time))
        if (i > 0) expect(s.start_time).toBe(states[i - 1]!.end_time)
      })
      const total = states.reduce((sum, s) => sum + ms(s.end_time) - ms(s.start_time), 0)
      expect(total).toBe(hours * 3_600_000)
      const running = states.filter((s) => s.state === 'RUNNING').reduce((sum, s) => sum + ms(s.end_time) - ms(s.start_time), 0)
      expect(running / total).toBeGreaterThan(0.6)
      expect(states.filter((s) => s.state === 'PLANNED_STOP').map((s) => s.reason_code)).toEqual(['BREAK', 'BREAK', 'BREAK'])
      for (const s of states) expect(s.reason_code === null).toBe(s.state === 'RUNNING')
    }
  })

  it('places the breaks at plant-local times, across the DST jump', () => {
    const breaks = simulatePlantDay(berlin('2026-03-29')).machine_states.filter((s) => s.machine_id === 'M01' && s.state === 'PLANNED_STOP')
    // 02:00 does not exist that night: the break starts at 03:00 CEST, right after the jump.
    expect(breaks.map((s) => [s.start_time, s.end_time])).toEqual([
      ['2026-03-29T01:00:00Z', '2026-03-29T01:30:00Z'],
      ['2026-03-29T08:00:00Z', '2026-03-29T08:30:00Z'],
      ['2026-03-29T16:00:00Z', '2026-03-29T16:30:00Z'],
    ])
  })

  it('counts no more than the running time allows at the ideal cycle time', () => {
    for (const day of ['2026-11-24', '2026-03-29']) {
      const result = simulatePlantDay(berlin(day))
      const orders = new Map(result.orders.map((o) => [o.order_id, o]))
      for (const count of result.production_counts) {
        const order = orders.get(count.order_id)!
        expect([order.machine_id, order.product_id]).toEqual([count.machine_id, count.product_id])
        const [start, end] = [ms(count.period_start), ms(count.period_end)]
        expect(end - start).toBe(15 * 60_000)
        expect(start).toBeGreaterThanOrEqual(ms(order.planned_start))
        expect(end).toBeLessThanOrEqual(ms(order.planned_end))
        const running = runningSecondsIn(result, count.machine_id, start, end)
        expect(running).toBeGreaterThan(0)
        expect(count.good_count + count.scrap_count).toBeLessThanOrEqual(running / order.ideal_cycle_time_s)
      }
      const good = result.production_counts.reduce((sum, c) => sum + c.good_count, 0)
      const scrap = result.production_counts.reduce((sum, c) => sum + c.scrap_count, 0)
      expect(scrap / (good + scrap)).toBeGreaterThan(0.01)
      expect(scrap / (good + scrap)).toBeLessThan(0.05)
      // Performance between 85% and 98% of ideal: far from zero, never above the ideal.
      expect(good + scrap).toBeGreaterThan(0.5 * result.production_counts.length * 900 / 60)
    }
  })

  it('plans a few orders per machine with cycle times of 20–60 s', () => {
    const result = simulatePlantDay(berlin('2026-11-24'))
    for (const machine of ['M01', 'M02', 'M03', 'M04']) {
      const orders = result.orders.filter((o) => o.machine_id === machine)
      expect(orders.length).toBeGreaterThanOrEqual(2)
      expect(orders.length).toBeLessThanOrEqual(4)
      orders.forEach((o, i) => i > 0 && expect(o.planned_start).toBe(orders[i - 1]!.planned_end))
    }
    for (const o of result.orders) {
      expect(o.ideal_cycle_time_s).toBeGreaterThanOrEqual(20)
      expect(o.ideal_cycle_time_s).toBeLessThanOrEqual(60)
      expect(o.product_id).toMatch(/^P-1\d\d$/)
    }
  })

  it('samples inspections inside RUNNING time, about 5% failing, some reworked', () => {
    const days = ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24'].map((d) => simulatePlantDay(berlin(d)))
    const inspections = days.flatMap((d) => d.quality_inspections)
    const failed = inspections.filter((i) => i.result === 'FAIL')
    expect(failed.length / inspections.length).toBeGreaterThan(0.02)
    expect(failed.length / inspections.length).toBeLessThan(0.1)
    expect(failed.every((i) => i.defect_code !== null)).toBe(true)
    expect(failed.some((i) => i.rework)).toBe(true)
    expect(inspections.every((i) => i.result === 'FAIL' || (i.defect_code === null && !i.rework))).toBe(true)
    for (const day of days) {
      for (const i of day.quality_inspections) expect(runningSecondsIn(day, i.machine_id, ms(i.inspected_at), ms(i.inspected_at) + 1000)).toBe(1)
    }
  })

  it.each(['2026-11-24', '2026-03-29', '2026-10-25'])('produces only rows valid per datasets.ts (%s), with unique keys', (day) => {
    const result = simulatePlantDay({ ...berlin(day), machines: 6 })
    for (const name of DATASET_NAMES) {
      const spec = datasets[name]
      const rows = result[name] as unknown as LooseRow[]
      expect(rows.length).toBeGreaterThan(0)
      expect(rows.map((row) => problem(spec, row)).filter((p) => p !== undefined)).toEqual([])
      const keys = rows.map((row) => spec.key.map((k) => row[k]).join('|'))
      expect(new Set(keys).size).toBe(keys.length)
    }
  })

  it('rejects a day or time zone that does not exist, naming it', () => {
    expect(() => simulatePlantDay(berlin('2026-02-30'))).toThrow('day "2026-02-30"')
    expect(() => simulatePlantDay({ ...berlin('2026-11-24'), plantTz: 'Mars/Olympus' })).toThrow('plantTz "Mars/Olympus"')
    expect(() => simulatePlantDay({ ...berlin('2026-11-24'), machines: 0 })).toThrow('machines 0')
  })
})
