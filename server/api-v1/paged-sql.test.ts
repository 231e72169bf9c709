import { describe, expect, it } from 'vitest'
import { pagedSql } from './paged-sql.ts'

describe('a page of a saved query', () => {
  it('is the saved SQL itself for the first page, without a trailing semicolon', () => {
    expect(pagedSql('select 1 as x;  ', 0)).toBe('select 1 as x')
  })

  it('wraps the SQL in a subquery with the offset of later pages', () => {
    expect(pagedSql('select * from kpi.machine_daily order by day', 2000)).toBe('SELECT * FROM (\nselect * from kpi.machine_daily order by day\n) AS saved_query OFFSET 2000')
  })

  it('keeps a trailing line comment inside the subquery', () => {
    expect(pagedSql('select 1 -- note', 5).split('\n')).toEqual(['SELECT * FROM (', 'select 1 -- note', ') AS saved_query OFFSET 5'])
  })

  it('refuses an offset that is not a whole number of rows', () => {
    expect(() => pagedSql('select 1', -1)).toThrow(/offset -1/)
    expect(() => pagedSql('select 1', 1.5)).toThrow(/offset 1.5/)
  })
})
