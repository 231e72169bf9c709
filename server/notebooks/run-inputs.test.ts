import { describe, expect, it } from 'vitest'
import { parseNotebookFile } from '../../cells/index.ts'
import { ApiError } from '../http/api-error.ts'
import { bindInputs, inputFromText } from './run-inputs.ts'

const input = (name: string, spec: object): string => `\`\`\`input ${name}\n${JSON.stringify(spec)}\n\`\`\`\n`
const notebook = parseNotebookFile(
  '# Inputs\n\n' +
    input('since', { type: 'date', default: '2026-11-01' }) +
    input('period', { type: 'date-range', default: { from: '2026-11-01', to: '2026-11-07' } }) +
    input('top', { type: 'number', default: 10, min: 1, max: 50 }) +
    input('shift', { type: 'dropdown', options: ['early', 'late'] }) +
    input('machine', { type: 'machine' }),
)

const refusal = (inputs: Record<string, unknown>): ApiError => {
  try {
    bindInputs(notebook, inputs as never, '2026-12-03')
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('binding a run’s inputs', () => {
  it('takes each input’s default, replaced by the value given', () => {
    expect(bindInputs(notebook, {}, '2026-12-03')).toEqual({ since: '2026-11-01', period_from: '2026-11-01', period_to: '2026-11-07', top: 10, shift: 'early', machine: null })
    expect(bindInputs(notebook, { since: '2026-12-01', period: ['2026-11-02', '2026-11-03'], top: 3, shift: 'late', machine: 'M001' }, '2026-12-03')).toEqual({
      since: '2026-12-01',
      period_from: '2026-11-02',
      period_to: '2026-11-03',
      top: 3,
      shift: 'late',
      machine: 'M001',
    })
  })

  it('refuses a value that does not fit its input, naming it', () => {
    expect(refusal({ since: '2026-02-30' })).toMatchObject({ status: 400, field: 'inputs.since' })
    expect(refusal({ period: { from: '2026-11-05', to: '2026-11-01' } })).toMatchObject({ field: 'inputs.period' })
    expect(refusal({ top: 51 }).message).toContain('at most 50')
    expect(refusal({ top: '5' })).toMatchObject({ field: 'inputs.top' })
    expect(refusal({ shift: 'night' }).message).toContain('"early", "late"')
    expect(refusal({ nope: 1 })).toMatchObject({ field: 'inputs.nope' })
  })

  it('reads command-line text by the input’s type', () => {
    expect(inputFromText(notebook, 'top', '7')).toBe(7)
    expect(inputFromText(notebook, 'period', '2026-11-01..2026-11-02')).toEqual({ from: '2026-11-01', to: '2026-11-02' })
    expect(inputFromText(notebook, 'machine', '42')).toBe('42')
  })
})
