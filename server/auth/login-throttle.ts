/**
 * Login throttling with escalating delays, pure and clocked from outside. Each key (a username,
 * an IP address) may fail a few times freely; from then on every failure locks the key for
 * twice as long as the one before (1 s, 2 s, 4 s, … up to a cap). A key that has not failed for a
 * while is forgotten, and the table is bounded so that a flood of keys cannot exhaust memory.
 */

export interface ThrottleOptions {
  /** Failures allowed before the first delay. */
  freeFailures: number
  baseDelayMs: number
  maxDelayMs: number
  /** A key whose last failure is older than this starts afresh. */
  forgetAfterMs: number
  /** Most keys kept; the oldest go first. */
  maxKeys: number
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMs: number }

interface KeyState {
  failures: number
  lastFailureAt: number
  lockedUntil: number
}

export class LoginThrottle {
  readonly #keys = new Map<string, KeyState>()

  constructor(
    readonly options: ThrottleOptions,
    readonly clock: () => number,
  ) {}

  /** May an attempt for this key go ahead now? */
  check(key: string): ThrottleDecision {
    const state = this.#current(key)
    const now = this.clock()
    if (state === undefined || state.lockedUntil <= now) return { allowed: true }
    return { allowed: false, retryAfterMs: state.lockedUntil - now }
  }

  fail(key: string): void {
    const now = this.clock()
    const state = this.#current(key) ?? { failures: 0, lastFailureAt: now, lockedUntil: 0 }
    state.failures += 1
    state.lastFailureAt = now
    const over = state.failures - this.options.freeFailures
    if (over >= 0) state.lockedUntil = now + Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** Math.min(over, 30))
    this.#keys.delete(key)
    this.#keys.set(key, state)
    this.#bound()
  }

  succeed(key: string): void {
    this.#keys.delete(key)
  }

  get size(): number {
    return this.#keys.size
  }

  #current(key: string): KeyState | undefined {
    const state = this.#keys.get(key)
    if (state === undefined) return undefined
    const now = this.clock()
    if (state.lockedUntil <= now && now - state.lastFailureAt >= this.options.forgetAfterMs) {
      this.#keys.delete(key)
      return undefined
    }
    return state
  }

  #bound(): void {
    if (this.#keys.size <= this.options.maxKeys) return
    for (const key of [...this.#keys.keys()]) this.#current(key)
    // Map order is insertion order and fail() re-inserts, so the first keys failed longest ago.
    for (const key of this.#keys.keys()) {
      if (this.#keys.size <= this.options.maxKeys) break
      this.#keys.delete(key)
    }
  }
}

/** Per username: five free failures. Per IP: more, since a plant's users may share one NAT address. */
export const USER_THROTTLE: ThrottleOptions = { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 5 * 60_000, forgetAfterMs: 15 * 60_000, maxKeys: 10_000 }
export const IP_THROTTLE: ThrottleOptions = { ...USER_THROTTLE, freeFailures: 20 }
