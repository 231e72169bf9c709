/**
 * The login throttle over a real app database (SQLite and PostgreSQL), on an injected clock:
 * free failures, doubling delays, the cap, forgetting, bounds — and two throttles on one
 * database (two instances) counting a key as one, even when they fail it at the same moment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppDb } from '../../db/index.ts'
import { appDatabases } from '../../test/harness/app-databases.ts'
import { LoginThrottle, type ThrottleScope } from './login-throttle.ts'
import type { ThrottleOptions } from './login-throttle-policy.ts'

const options: ThrottleOptions = { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 8_000, forgetAfterMs: 60_000, maxKeys: 1_000 }

describe.each(appDatabases)('LoginThrottle on $name', (database) => {
  let db: AppDb
  beforeAll(async () => {
    db = await database.open()
  })
  afterAll(() => db?.destroy())

  let scopes = 0
  /** A throttle with its own clock; each test gets its own keys through a fresh scope-like prefix. */
  function throttle(scope: ThrottleScope = 'user'): { t: LoginThrottle; advance: (ms: number) => void; key: (name: string) => string } {
    let now = 1_000_000
    const prefix = `t${++scopes}-`
    return { t: new LoginThrottle(db, scope, options, () => now), advance: (ms) => (now += ms), key: (name) => prefix + name }
  }

  it('lets the first failures through, then locks for 1 s, 2 s, 4 s and no more than the cap', async () => {
    const { t, key } = throttle()
    for (let i = 0; i < 4; i++) {
      await t.fail(key('ada'))
      expect(await t.check(key('ada'))).toEqual({ allowed: true })
    }
    const delays = []
    for (let i = 0; i < 6; i++) {
      await t.fail(key('ada'))
      const decision = await t.check(key('ada'))
      delays.push(decision.allowed ? 0 : decision.retryAfterMs)
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000])
  })

  it('opens again when the delay has passed, and counts on from there', async () => {
    const { t, advance, key } = throttle()
    for (let i = 0; i < 5; i++) await t.fail(key('ada'))
    advance(999)
    expect(await t.check(key('ada'))).toEqual({ allowed: false, retryAfterMs: 1 })
    advance(1)
    expect(await t.check(key('ada'))).toEqual({ allowed: true })
    await t.fail(key('ada'))
    expect(await t.check(key('ada'))).toEqual({ allowed: false, retryAfterMs: 2_000 })
  })

  it('keeps keys and scopes apart, and a success clears only its own key', async () => {
    const { t, key } = throttle()
    const byIp = new LoginThrottle(db, 'ip', options, t.clock)
    for (let i = 0; i < 5; i++) await t.fail(key('ada'))
    expect(await t.check(key('bob'))).toEqual({ allowed: true })
    expect(await byIp.check(key('ada'))).toEqual({ allowed: true })
    await t.succeed(key('bob'))
    expect((await t.check(key('ada'))).allowed).toBe(false)
    await t.succeed(key('ada'))
    expect(await t.check(key('ada'))).toEqual({ allowed: true })
  })

  it('forgets a key that has not failed for a while', async () => {
    const { t, advance, key } = throttle()
    for (let i = 0; i < 7; i++) await t.fail(key('ada'))
    advance(60_000)
    expect(await t.check(key('ada'))).toEqual({ allowed: true })
    await t.fail(key('ada'))
    expect(await t.check(key('ada'))).toEqual({ allowed: true })
  })

  it('cleans up forgotten keys and holds at most maxKeys, dropping those that failed longest ago', async () => {
    const { t: unbounded, advance, key } = throttle('ip')
    const t = new LoginThrottle(db, 'ip', { ...options, maxKeys: 3 }, unbounded.clock)
    await t.cleanup()
    advance(120_000)
    await t.cleanup()
    expect(await t.size()).toBe(0)
    for (const name of ['a', 'b', 'c', 'd', 'e']) {
      for (let i = 0; i < 5; i++) await t.fail(key(name))
      advance(1)
    }
    await t.cleanup()
    expect(await t.size()).toBe(3)
    expect(await t.check(key('a'))).toEqual({ allowed: true })
    expect((await t.check(key('e'))).allowed).toBe(false)
  })

  it('counts failures from two instances on one database as one, even when they fail at once', async () => {
    const { t: first, key } = throttle()
    const second = new LoginThrottle(db, 'user', options, first.clock)
    // Ten failures at the same moment, half through each instance: none is lost to a race.
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? first : second).fail(key('ada'))))
    // The tenth failure earns min(8 s, 1 s · 2^5) = the cap; no interleaving may leave a shorter lock.
    expect(await second.check(key('ada'))).toEqual({ allowed: false, retryAfterMs: 8_000 })
    expect(await first.check(key('ada'))).toEqual({ allowed: false, retryAfterMs: 8_000 })
    await first.succeed(key('ada'))
    expect(await second.check(key('ada'))).toEqual({ allowed: true })
  })
})
