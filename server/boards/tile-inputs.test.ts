import { describe, expect, it } from 'vitest'
import { parseNotebookFile } from '../../cells/index.ts'
import { usedRunInputs } from './tile-inputs.ts'

const notebook = parseNotebookFile(
  ['# Inputs', '```input period', '{"type": "date-range"}', '```', '```input machine', '{"type": "machine"}', '```', '```input limit', '{"type": "number", "default": 3}', '```', ''].join('\n'),
)

describe('usedRunInputs', () => {
  it('lists only the inputs whose parameters the statement binds, unset ones as null', () => {
    const given = { period: { from: '2026-11-01', to: '2026-11-30' }, machine: 'M01' }
    expect(usedRunInputs(notebook, ['period_from', 'period_to'], given)).toEqual({ period: given.period })
    expect(usedRunInputs(notebook, ['machine', 'limit'], given)).toEqual({ machine: 'M01', limit: null })
    expect(usedRunInputs(notebook, [], given)).toEqual({})
  })
})
