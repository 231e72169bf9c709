import { describe, expect, it } from 'vitest'
import { jsonErrorOffset } from './json-error-offset.ts'

describe('where JSON goes wrong', () => {
  it('accepts what JSON.parse accepts', () => {
    for (const text of ['{}', ' [1, -2.5e3, "a\\"\\u00e9", true, false, null, {"a": []}] ', '"x"', '0']) {
      expect(JSON.parse(text)).toBeDefined()
      expect(jsonErrorOffset(text)).toBeUndefined()
    }
  })

  it('points at the first character that does not fit', () => {
    expect(jsonErrorOffset('{"a": [}')).toBe(7)
    expect(jsonErrorOffset('{"a": 1,}')).toBe(8)
    expect(jsonErrorOffset('{"a": 01}')).toBe(7)
    expect(jsonErrorOffset('{a: 1}')).toBe(1)
    expect(jsonErrorOffset('[1] x')).toBe(4)
    expect(jsonErrorOffset('{"a": tru}')).toBe(9)
    expect(jsonErrorOffset('')).toBe(0)
    expect(jsonErrorOffset('{"a": 1')).toBe(7)
  })
})
