/**
 * Login throttling with escalating delays, the pure part: each key (a username, an IP address)
 * may fail a few times freely; from then on every failure locks the key for twice as long as the
 * one before (1 s, 2 s, 4 s, … up to a cap). A key that has not failed for a while is forgotten.
 * The failures are counted in the app database (./login-throttle.ts), so that all instances on
 * one database throttle a key as one.
 */

export interface ThrottleOptions {
  /** Failures allowed before the first delay. */
  freeFailures: number
  baseDelayMs: number
  maxDelayMs: number
  /** A key whose last failure is older than this (and that is not locked) starts afresh. */
  forgetAfterMs: number
  /** Most keys kept per scope; those that failed longest ago go first. */
  maxKeys: number
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMs: number }

/** What is remembered of a key: its failures, when it last failed, when its lock ends (epoch ms). */
export interface KeyState {
  failures: number
  lastFailureAt: number
  lockedUntil: number
}

/** How long the failure numbered `failures` (1-based) locks its key: 0 while failures are free. */
export function lockDelayMs(options: ThrottleOptions, failures: number): number {
  const over = failures - options.freeFailures
  if (over < 0) return 0
  return Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(over, 30))
}

/** Is a key's state past remembering at `now`: unlocked and quiet for forgetAfterMs? */
export function isForgotten(options: ThrottleOptions, state: KeyState, now: number): boolean {
  return state.lockedUntil <= now && now - state.lastFailureAt >= options.forgetAfterMs
}

/** May an attempt for a key in this state go ahead at `now`? */
export function decide(state: KeyState | undefined, now: number): ThrottleDecision {
  if (state === undefined || state.lockedUntil <= now) return { allowed: true }
  return { allowed: false, retryAfterMs: state.lockedUntil - now }
}

/** Per username: five free failures. Per IP: more, since a plant's users may share one NAT address. */
export const USER_THROTTLE: ThrottleOptions = { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 5 * 60_000, forgetAfterMs: 15 * 60_000, maxKeys: 10_000 }
export const IP_THROTTLE: ThrottleOptions = { ...USER_THROTTLE, freeFailures: 20 }
