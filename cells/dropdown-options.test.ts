import { describe, expect, it } from 'vitest'
import { dropdownValue, optionsFromRows } from './dropdown-options.ts'

describe('a dropdown’s options and value', () => {
  it('reads options from the first column: numbers as numbers, the rest as text, no nulls or repeats', () => {
    expect(optionsFromRows([['M01', 3], [null], ['M02'], ['M01'], [7], ['12345678901234567890'], [true]])).toEqual(['M01', 'M02', 7, '12345678901234567890', 'true'])
    expect(optionsFromRows([])).toEqual([])
  })

  it('binds the choice, else the default, else the first option once the options arrived', () => {
    const fromCell = { type: 'dropdown' as const, optionsFrom: 'machines' }
    expect(dropdownValue(fromCell, 'M02', ['M01', 'M02'])).toBe('M02')
    expect(dropdownValue(fromCell, null, ['M01', 'M02'])).toBe('M01')
    expect(dropdownValue(fromCell, undefined, [])).toBeNull()
    expect(dropdownValue({ ...fromCell, default: 'M09' }, null, ['M01'])).toBe('M09')
  })
})
