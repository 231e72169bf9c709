import { describe, expect, it } from 'vitest'
import { formatCell, isNumericType } from './cell-format.ts'

describe('writing a result value', () => {
  it('writes numbers in the reader’s locale with at most three decimals', () => {
    expect(formatCell(0.7573773346260304, 'DOUBLE', 'UTC', ['en-GB'])).toBe('0.757')
    expect(formatCell(1234567, 'BIGINT', 'UTC', ['de-DE'])).toBe('1.234.567')
    expect(formatCell('9007199254740993', 'BIGINT', 'UTC', ['en-GB'])).toBe('9007199254740993')
  })

  it('writes times in plant time, nulls as a dash, other values as text', () => {
    expect(formatCell('2026-12-03T12:50:13Z', 'TIMESTAMP WITH TIME ZONE', 'Europe/Berlin', ['en-GB'])).toBe('03/12/2026, 13:50:13 CET')
    expect(formatCell(null, 'VARCHAR', 'UTC')).toBe('–')
    expect(formatCell('2026-12-03', 'DATE', 'UTC')).toBe('2026-12-03')
    expect(formatCell(true, 'BOOLEAN', 'UTC')).toBe('true')
  })

  it('knows which columns are numeric', () => {
    expect(['BIGINT', 'UINTEGER', 'DOUBLE', 'DECIMAL(18,3)'].every(isNumericType)).toBe(true)
    expect(['VARCHAR', 'DATE', 'TIMESTAMP', 'INTERVAL'].some(isNumericType)).toBe(false)
  })
})
