import { describe, expect, it } from 'vitest'
import { RunLimiter } from './run-limiter.ts'

const tick = () => new Promise((resolve) => setTimeout(resolve, 5))

describe('RunLimiter', () => {
  it('runs at most its slots at once, the rest in order', async () => {
    const limiter = new RunLimiter(2)
    let running = 0
    let most = 0
    const order: number[] = []
    const signal = new AbortController().signal
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        limiter.run(
          async () => {
            order.push(i)
            most = Math.max(most, ++running)
            await tick()
            running--
          },
          signal,
          () => new Error('cancelled'),
        ),
      ),
    )
    expect(most).toBe(2)
    expect(order).toEqual([...Array(12).keys()])
    expect(limiter.pending).toBe(0)
  })

  it('drops a waiting run whose signal aborts, without running it', async () => {
    const limiter = new RunLimiter(1)
    const first = limiter.run(tick, new AbortController().signal, () => new Error('cancelled'))
    const gone = new AbortController()
    let ran = false
    const second = limiter.run(async () => void (ran = true), gone.signal, () => new Error('cancelled'))
    gone.abort()
    await expect(second).rejects.toThrow('cancelled')
    await first
    expect(ran).toBe(false)
    expect(limiter.pending).toBe(0)
  })
})
