import { describe, expect, it } from 'vitest'
import type { DatasetName } from '../mes/datasets.ts'
import { applyDirt, DIRT_KINDS, MalformedLine, REJECTED_DIRT, type DirtOptions } from './dirt.ts'
import { simulatePlantDay } from './plant-model.ts'
import type { LooseRow } from './rows.ts'

const plantTz = 'Europe/Berlin'
const clean = () => simulatePlantDay({ day: '2026-11-24', plantTz, seed: 5 })
const options: DirtOptions = { seed: 5, day: '2026-11-24', plantTz, formats: { machine_states: 'ndjson', quality_inspections: 'parquet' } }

describe('applyDirt', () => {
  it('injects every kind, each on its own row, deterministically', () => {
    const { manifest } = applyDirt(clean(), options)
    expect(new Set(manifest.map((e) => e.kind))).toEqual(new Set(DIRT_KINDS))
    const rows = manifest.map((e) => `${e.dataset}#${e.rowIndex}`)
    expect(new Set(rows).size).toBe(rows.length)
    expect(applyDirt(clean(), options)).toEqual(applyDirt(clean(), options))
    expect(applyDirt(clean(), { ...options, day: '2026-11-25' }).manifest).not.toEqual(manifest)
  })

  it('changes only the listed column of the listed rows, and leaves its input alone', () => {
    const input = clean()
    const { rows, manifest } = applyDirt(input, options)
    expect(input).toEqual(clean())
    for (const dataset of Object.keys(rows) as DatasetName[]) {
      const malformed = manifest.find((e) => e.dataset === dataset && e.kind === 'malformed-line')?.rowIndex ?? Infinity
      rows[dataset].forEach((row, i) => {
        if (i === malformed) return expect(row).toBeInstanceOf(MalformedLine)
        const original = input[dataset][i > malformed ? i - 1 : i] as unknown as LooseRow
        const entry = manifest.find((e) => e.dataset === dataset && e.rowIndex === i)
        const changed = Object.keys(original).filter((key) => (row as LooseRow)[key] !== original[key])
        // end-before-start swaps two columns; every other kind touches one.
        const expected = entry === undefined ? [] : entry.kind === 'end-before-start' ? ['planned_start', 'planned_end'] : [entry.column]
        expect(changed).toEqual(expected)
      })
    }
  })

  it('writes each fault the way real exports get it wrong', () => {
    const { rows, manifest } = applyDirt(clean(), options)
    const at = (kind: string, dataset: DatasetName) => {
      const entry = manifest.find((e) => e.kind === kind && e.dataset === dataset)!
      return [rows[dataset][entry.rowIndex] as LooseRow, entry.column!] as const
    }
    const [missing, key] = at('missing-key', 'production_counts')
    expect(key in missing).toBe(false)
    const [badTime, timeColumn] = at('bad-timestamp', 'machine_states')
    expect(Number.isNaN(Date.parse(String(badTime[timeColumn])))).toBe(true)
    expect(Number(at('negative-count', 'production_counts')[0].scrap_count)).toBeLessThan(0)
    expect(at('unknown-state', 'machine_states')[0].state).toBe('SETUP')
    const [order] = at('end-before-start', 'orders')
    expect(Date.parse(String(order.planned_end))).toBeLessThan(Date.parse(String(order.planned_start)))
    expect(typeof at('number-as-string', 'production_counts')[0].good_count).toBe('string')
    expect(at('naive-timestamp', 'quality_inspections')[0].inspected_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    const state = String(at('mixed-case-enum', 'machine_states')[0].state)
    expect(state).not.toBe(state.toUpperCase())
    const line = rows.machine_states[manifest.find((e) => e.kind === 'malformed-line')!.rowIndex] as MalformedLine
    expect(() => JSON.parse(line.text)).toThrow()
  })

  it('adds a malformed line only to JSON-lines datasets', () => {
    const kinds = (formats: DirtOptions['formats']) => applyDirt(clean(), { ...options, formats }).manifest.filter((e) => e.kind === 'malformed-line').map((e) => e.dataset)
    expect(kinds({})).toEqual([])
    expect(kinds({ orders: 'jsonl', production_counts: 'ndjson', machine_states: 'json' })).toEqual(['orders', 'production_counts'])
  })

  it('gives a tiny day fewer faults rather than failing', () => {
    const tiny = simulatePlantDay({ day: '2026-11-24', plantTz, seed: 5, machines: 1 })
    tiny.orders.splice(1)
    const { manifest } = applyDirt(tiny, options)
    expect(manifest.filter((e) => e.dataset === 'orders')).toHaveLength(1)
    expect(manifest.filter((e) => e.dataset === 'machine_states' && REJECTED_DIRT.has(e.kind))).toHaveLength(3)
  })
})
