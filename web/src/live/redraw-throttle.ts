/**
 * Redraws at most every `minIntervalMs`, on an animation frame, however many events arrive: the
 * stream may send ten `live` events a second per sensor, and redrawing charts per event would
 * spend the page's time on frames nobody can read (and nothing at all in a background tab,
 * where animation frames pause).
 */

export interface Clock {
  now(): number
  setTimeout(run: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  requestAnimationFrame(run: () => void): unknown
  cancelAnimationFrame(handle: unknown): void
}

const browserClock: Clock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  requestAnimationFrame: (run) => requestAnimationFrame(run),
  cancelAnimationFrame: (handle) => cancelAnimationFrame(handle as number),
}

export interface RedrawThrottle {
  /** Something changed: draw soon, once. */
  request(): void
  stop(): void
}

export function redrawThrottle(draw: () => void, minIntervalMs: number, clock: Clock = browserClock): RedrawThrottle {
  let lastDraw = -Infinity
  let timer: unknown
  let frame: unknown
  let stopped = false

  const onFrame = () => {
    frame = undefined
    if (stopped) return
    lastDraw = clock.now()
    draw()
  }
  const onTimer = () => {
    timer = undefined
    if (!stopped) frame = clock.requestAnimationFrame(onFrame)
  }

  return {
    request() {
      if (stopped || timer !== undefined || frame !== undefined) return
      const wait = lastDraw + minIntervalMs - clock.now()
      if (wait <= 0) frame = clock.requestAnimationFrame(onFrame)
      else timer = clock.setTimeout(onTimer, wait)
    },
    stop() {
      stopped = true
      if (timer !== undefined) clock.clearTimeout(timer)
      if (frame !== undefined) clock.cancelAnimationFrame(frame)
    },
  }
}
