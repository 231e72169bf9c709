/** The login throttle on an injected clock: free failures, doubling delays, the cap, forgetting, bounds. */
import { describe, expect, it } from 'vitest'
import { LoginThrottle, type ThrottleOptions } from './login-throttle.ts'

const options: ThrottleOptions = { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 8_000, forgetAfterMs: 60_000, maxKeys: 3 }

function throttle(): { t: LoginThrottle; advance: (ms: number) => void } {
  let now = 1_000_000
  return { t: new LoginThrottle(options, () => now), advance: (ms) => (now += ms) }
}

describe('LoginThrottle', () => {
  it('lets the first failures through, then locks for 1 s, 2 s, 4 s and no more than the cap', () => {
    const { t } = throttle()
    for (let i = 0; i < 4; i++) {
      t.fail('ada')
      expect(t.check('ada')).toEqual({ allowed: true })
    }
    const delays = []
    for (let i = 0; i < 6; i++) {
      t.fail('ada')
      const decision = t.check('ada')
      delays.push(decision.allowed ? 0 : decision.retryAfterMs)
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000])
  })

  it('opens again when the delay has passed, and counts on from there', () => {
    const { t, advance } = throttle()
    for (let i = 0; i < 5; i++) t.fail('ada')
    advance(999)
    expect(t.check('ada')).toEqual({ allowed: false, retryAfterMs: 1 })
    advance(1)
    expect(t.check('ada')).toEqual({ allowed: true })
    t.fail('ada')
    expect(t.check('ada')).toEqual({ allowed: false, retryAfterMs: 2_000 })
  })

  it('keeps keys apart, and a success clears only its own key', () => {
    const { t } = throttle()
    for (let i = 0; i < 5; i++) t.fail('ada')
    expect(t.check('bob')).toEqual({ allowed: true })
    t.succeed('bob')
    expect(t.check('ada').allowed).toBe(false)
    t.succeed('ada')
    expect(t.check('ada')).toEqual({ allowed: true })
  })

  it('forgets a key that has not failed for a while', () => {
    const { t, advance } = throttle()
    for (let i = 0; i < 7; i++) t.fail('ada')
    advance(60_000)
    expect(t.check('ada')).toEqual({ allowed: true })
    t.fail('ada')
    expect(t.check('ada')).toEqual({ allowed: true })
  })

  it('holds at most maxKeys keys, dropping those that failed longest ago', () => {
    const { t, advance } = throttle()
    for (const key of ['a', 'b', 'c', 'd', 'e']) {
      for (let i = 0; i < 5; i++) t.fail(key)
      advance(1)
    }
    expect(t.size).toBe(3)
    expect(t.check('a')).toEqual({ allowed: true })
    expect(t.check('e').allowed).toBe(false)
  })
})
