import { describe, expect, it } from 'vitest'
import { classifyObject } from './layout.ts'

describe('classifyObject', () => {
  it.each([
    ['orders/2026-11-24.csv', 'orders', 'csv'],
    ['machine_states/2026-11-24.csv.gz', 'machine_states', 'csv'],
    ['dumps/2026/production_counts/day.ndjson', 'production_counts', 'json'],
    ['quality_inspections/a.jsonl', 'quality_inspections', 'json'],
    ['orders/x.JSON', 'orders', 'json'],
    ['production_counts-2026-11-24.parquet', 'production_counts', 'parquet'],
  ])('%s is %s as %s', (key, dataset, format) => {
    expect(classifyObject(key)).toEqual({ dataset, format })
  })

  it('names what is wrong with an unknown format or dataset', () => {
    expect(classifyObject('orders/readme.txt')).toEqual({ error: expect.stringMatching(/^unknown format: expected one of \.csv\.gz, \.csv/) })
    expect(classifyObject('misc/shifts.csv')).toEqual({ error: expect.stringMatching(/^unknown dataset: put the file in a folder named orders/) })
  })

  it('follows a mapping file pattern before the default layout', () => {
    const mapping = { datasets: { production_counts: { pattern: '^exports/counts_' } } }
    expect(classifyObject('exports/counts_1.csv', mapping)).toEqual({ dataset: 'production_counts', format: 'csv' })
    expect(classifyObject('orders/1.csv', mapping)).toEqual({ dataset: 'orders', format: 'csv' })
  })
})
