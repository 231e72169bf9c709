import { describe, expect, it } from 'vitest'
import { LAG_MS, tickTime } from './event-clock.ts'

const NOW = Date.UTC(2026, 11, 3, 12)

describe('the time of the engine’s clock ticks', () => {
  it('is the wall clock while readings arrive about now', () => {
    expect(tickTime(NOW, true, NOW - 800)).toBe(NOW)
  })

  it('follows the stream while it delivers the past (a consumer catching up after a restart)', () => {
    expect(tickTime(NOW, true, NOW - 20 * 60_000)).toBe(NOW - 20 * 60_000)
    expect(tickTime(NOW, true, NOW - LAG_MS - 1)).toBe(NOW - LAG_MS - 1)
  })

  it('is the wall clock when nothing arrives, so silence is still seen', () => {
    expect(tickTime(NOW, false, NOW - 20 * 60_000)).toBe(NOW)
    expect(tickTime(NOW, false, Number.NEGATIVE_INFINITY)).toBe(NOW)
  })
})
