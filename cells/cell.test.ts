import { describe, expect, it } from 'vitest'
import { cellSchema, namesOf, notebookSchema } from './cell.ts'
import { isCellName } from './cell-name.ts'
import { fieldErrors } from './field-errors.ts'
import { inputDefaultValues, inputParameterNames, inputSpecSchema } from './input-spec.ts'
import { liveSpecSchema } from './live-spec.ts'

describe('cell names', () => {
  it('are lowercase identifiers', () => {
    expect(['oee', 'hot_machines', '_x', 'a1'].every(isCellName)).toBe(true)
    expect(['', '1a', 'Oee', 'hot-machines', 'a b', 'kpi.machine_daily', 'x'.repeat(64)].some(isCellName)).toBe(false)
  })
})

describe('cells', () => {
  it('parses each kind', () => {
    const cells = [
      { kind: 'sql', name: 'oee', sql: 'select 1' },
      { kind: 'plot', name: 'chart', spec: { data: 'oee', marks: [{ type: 'lineY', x: 'day', y: 'oee' }] } },
      { kind: 'input', name: 'from', spec: { type: 'date', default: '2026-11-01' } },
      { kind: 'markdown', text: '# Title\n' },
      { kind: 'live', name: 'temps', spec: { machine: 'M1', spanMinutes: 30 } },
    ]
    for (const cell of cells) expect(cellSchema.parse(cell)).toEqual(cell)
  })

  it('refuses an unknown kind and a bad name, naming the field', () => {
    expect(cellSchema.safeParse({ kind: 'python', name: 'x' }).success).toBe(false)
    const bad = cellSchema.safeParse({ kind: 'sql', name: 'My Cell', sql: '' })
    expect(fieldErrors(bad.error!).map((e) => e.field)).toEqual(['name'])
  })

  it('refuses a notebook with a name used twice, including an input range parameter', () => {
    const twice = notebookSchema.safeParse({ cells: [{ kind: 'sql', name: 'a', sql: '' }, { kind: 'sql', name: 'a', sql: '' }] })
    expect(fieldErrors(twice.error!)).toEqual([{ field: 'cells.1.name', message: 'the name a is used twice' }])
    const range = { kind: 'input', name: 'period', spec: { type: 'date-range' } } as const
    expect(namesOf(range)).toEqual(['period', 'period_from', 'period_to'])
    expect(notebookSchema.safeParse({ cells: [range, { kind: 'sql', name: 'period_from', sql: '' }] }).success).toBe(false)
  })
})

describe('input specs', () => {
  it('has defaults and binds parameters named after the cell', () => {
    expect(inputDefaultValues('from', inputSpecSchema.parse({ type: 'date', default: '2026-11-01' }), '2026-12-03')).toEqual({ from: '2026-11-01' })
    expect(inputDefaultValues('n', inputSpecSchema.parse({ type: 'number' }), '2026-12-03')).toEqual({ n: null })
    expect(inputDefaultValues('m', inputSpecSchema.parse({ type: 'dropdown', options: ['M1', 'M2'] }), '2026-12-03')).toEqual({ m: 'M1' })
    const range = inputSpecSchema.parse({ type: 'date-range', default: { from: '2026-11-01', to: '2026-11-07' } })
    expect(inputParameterNames('period', range)).toEqual(['period_from', 'period_to'])
    expect(inputDefaultValues('period', range, '2026-12-03')).toEqual({ period_from: '2026-11-01', period_to: '2026-11-07' })
  })

  it('resolves relative day defaults against the day of the run', () => {
    const week = inputSpecSchema.parse({ type: 'date-range', default: { from: 'today-6', to: 'today' } })
    expect(inputDefaultValues('period', week, '2026-12-03')).toEqual({ period_from: '2026-11-27', period_to: '2026-12-03' })
    expect(inputDefaultValues('since', inputSpecSchema.parse({ type: 'date', default: 'today-30' }), '2026-12-03')).toEqual({ since: '2026-11-03' })
    expect(inputSpecSchema.safeParse({ type: 'date-range', default: { from: 'today', to: 'today-6' } }).success).toBe(false)
  })

  it('refuses what a control cannot show', () => {
    const fields = (spec: unknown) => fieldErrors(inputSpecSchema.safeParse(spec).error!).map((e) => e.field)
    expect(fields({ type: 'date', default: '1 Nov' })).toEqual(['default'])
    expect(fields({ type: 'dropdown' })).toEqual(['options'])
    expect(fields({ type: 'dropdown', options: ['a'], optionsFrom: 'machines' })).toEqual(['options'])
    expect(fields({ type: 'dropdown', options: ['a'], default: 'b' })).toEqual(['default'])
    expect(fields({ type: 'date-range', default: { from: '2026-11-07', to: '2026-11-01' } })).toEqual(['default'])
    expect(fields({ type: 'slider' })).toEqual(['type'])
    expect(inputSpecSchema.parse({ type: 'dropdown', optionsFrom: 'machines' })).toEqual({ type: 'dropdown', optionsFrom: 'machines' })
  })
})

describe('live specs', () => {
  it('needs a span in minutes, at most a day', () => {
    expect(liveSpecSchema.parse({ spanMinutes: 15 })).toEqual({ spanMinutes: 15 })
    expect(liveSpecSchema.safeParse({ spanMinutes: 0 }).success).toBe(false)
    expect(liveSpecSchema.safeParse({ spanMinutes: 2000 }).success).toBe(false)
  })
})
