import { describe, expect, it } from 'vitest'
import { TileCache } from './tile-cache.ts'

describe('TileCache', () => {
  it('runs once for 50 concurrent requests of one key', async () => {
    const cache = new TileCache<number>()
    let runs = 0
    const run = async () => {
      runs++
      await new Promise((resolve) => setTimeout(resolve, 20))
      return 42
    }
    const answers = await Promise.all(Array.from({ length: 50 }, () => cache.get('k', 60_000, run)))
    expect(runs).toBe(1)
    expect(answers.every((answer) => answer.value === 42)).toBe(true)
    expect(answers.filter((answer) => !answer.cached)).toHaveLength(1)
    expect(cache.stats()).toMatchObject({ runs: 1, joined: 49 })
  })

  it('runs again once the entry is older than its refresh, and keeps no failure', async () => {
    let now = 0
    const cache = new TileCache<number>({ clock: () => now })
    let runs = 0
    await cache.get('k', 1000, async () => ++runs)
    now = 999
    expect((await cache.get('k', 1000, async () => ++runs)).value).toBe(1)
    now = 1000
    expect((await cache.get('k', 1000, async () => ++runs)).value).toBe(2)
    await expect(cache.get('bad', 1000, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect((await cache.get('bad', 1000, async () => 7)).value).toBe(7)
  })

  it('stops a run once every viewer waiting for it has gone, not before', async () => {
    const cache = new TileCache<string>()
    let stopped: AbortSignal | undefined
    const run = (signal: AbortSignal) =>
      new Promise<string>((resolve) => {
        stopped = signal
        signal.addEventListener('abort', () => resolve('stopped'))
      })
    const first = new AbortController()
    const second = new AbortController()
    const answers = [cache.get('k', 60_000, run, first.signal), cache.get('k', 60_000, run, second.signal)]
    first.abort()
    expect(stopped?.aborted).toBe(false)
    second.abort()
    expect(stopped?.aborted).toBe(true)
    await Promise.all(answers)
    // A stopped run is not kept.
    expect(cache.stats().entries).toBe(0)
  })

  it('keeps only the results its keep rule takes', async () => {
    const cache = new TileCache<number>({ keep: (value) => value > 0 })
    await cache.get('k', 60_000, async () => -1)
    expect((await cache.get('k', 60_000, async () => 1)).value).toBe(1)
    expect((await cache.get('k', 60_000, async () => 2)).value).toBe(1)
  })

  it('forgets the oldest entries beyond its weight', async () => {
    const cache = new TileCache<number>({ weigh: (rows) => rows, maxWeight: 100 })
    await cache.get('a', 60_000, async () => 60)
    await cache.get('b', 60_000, async () => 30)
    await cache.get('c', 60_000, async () => 30)
    expect(cache.stats().entries).toBe(2)
    expect((await cache.get('a', 60_000, async () => 1)).value).toBe(1)
  })

  it('forgets the oldest entries beyond its bound', async () => {
    const cache = new TileCache<number>({ maxEntries: 2 })
    for (const key of ['a', 'b', 'c']) await cache.get(key, 60_000, async () => 1)
    expect(cache.stats().entries).toBe(2)
    expect((await cache.get('a', 60_000, async () => 2)).value).toBe(2)
  })
})
