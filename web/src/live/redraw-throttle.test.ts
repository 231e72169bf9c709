import { describe, expect, it } from 'vitest'
import { redrawThrottle, type Clock } from './redraw-throttle.ts'

/** A hand-driven clock: timers and frames run only when the test says so. */
function manualClock() {
  let now = 0
  const timers: { at: number; run: () => void }[] = []
  let frames: (() => void)[] = []
  const clock: Clock = {
    now: () => now,
    setTimeout: (run, ms) => {
      const timer = { at: now + ms, run }
      timers.push(timer)
      return timer
    },
    clearTimeout: (handle) => void timers.splice(timers.indexOf(handle as (typeof timers)[number]), 1),
    requestAnimationFrame: (run) => {
      frames.push(run)
      return run
    },
    cancelAnimationFrame: (handle) => void (frames = frames.filter((f) => f !== handle)),
  }
  return {
    clock,
    advance(ms: number) {
      now += ms
      for (const timer of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(timer), 1)
        timer.run()
      }
    },
    frame() {
      const due = frames
      frames = []
      for (const run of due) run()
    },
  }
}

describe('the redraw throttle', () => {
  it('draws once per frame however many changes came, then at most every interval', () => {
    const time = manualClock()
    let draws = 0
    const throttle = redrawThrottle(() => draws++, 250, time.clock)
    for (let i = 0; i < 100; i++) throttle.request()
    time.frame()
    expect(draws).toBe(1)

    for (let i = 0; i < 100; i++) throttle.request()
    time.frame()
    expect(draws).toBe(1) // too soon: waits for the interval
    time.advance(249)
    time.frame()
    expect(draws).toBe(1)
    time.advance(1)
    time.frame()
    expect(draws).toBe(2)
  })

  it('does not draw without a change, nor after it stopped', () => {
    const time = manualClock()
    let draws = 0
    const throttle = redrawThrottle(() => draws++, 250, time.clock)
    time.advance(1_000)
    time.frame()
    expect(draws).toBe(0)
    throttle.request()
    throttle.stop()
    time.frame()
    expect(draws).toBe(0)
  })
})
