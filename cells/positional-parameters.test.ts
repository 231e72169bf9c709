import { describe, expect, it } from 'vitest'
import { positionalParameters } from './positional-parameters.ts'

describe('positionalParameters', () => {
  it('numbers named parameters in order of first use, padded to keep columns', () => {
    expect(positionalParameters('select * from t where a >= $from and b < $to and c = $from')).toEqual({ sql: 'select * from t where a >= $1    and b < $2  and c = $1   ', order: ['from', 'to'] })
  })

  it('leaves strings, comments and numbered parameters alone', () => {
    expect(positionalParameters("select '$x', $y -- $z\n, $1")).toEqual({ sql: "select '$x', $1 -- $z\n, $1", order: ['y'] })
  })

  it('folds names as DuckDB does', () => {
    expect(positionalParameters('select $From, $from').order).toEqual(['from'])
  })
})
