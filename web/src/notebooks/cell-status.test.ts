import { describe, expect, it } from 'vitest'
import { statusText } from './cell-status.ts'

describe('a cell’s status text', () => {
  const at = new Date()
  it('says the word, the cell’s own time and where it ran', () => {
    expect(statusText({ state: 'ok', ms: 7.25, at, where: 'browser' }, ['en'])).toBe('✓ ok · 7.3 ms · in the browser')
    expect(statusText({ state: 'ok', ms: 412.4, at, where: 'server' }, ['en'])).toBe('✓ ok · 412 ms · on the server')
    expect(statusText({ state: 'error', ms: 2345, at, where: 'server' }, ['en'])).toBe('✕ error · 2.35 s · on the server')
  })

  it('gives no time to a cell that ran nowhere (a plot, a skipped cell)', () => {
    expect(statusText({ state: 'ok', ms: 0, at }, ['en'])).toBe('✓ ok')
    expect(statusText({ state: 'running', since: 0 })).toBe('◌ running…')
  })
})
