/**
 * The life of one alert on one series, shared by every rule kind: inactive → pending (the
 * condition holds) → firing (it held for the rule's `for`) → resolved (its clear condition holds).
 * Hysteresis lives in the detectors' signals: `breach` and `clear` are separate conditions, and
 * between them a firing alert keeps firing while a pending one falls back to inactive.
 */

/** What a detector says about one series at one instant. */
export interface Signal {
  /** The alert condition holds. */
  breach: boolean
  /** The clear condition holds (never together with `breach`). */
  clear: boolean
  /** The measured quantity: the value, the rate, the z-score, the age, the spread. */
  value: number
  /** How bad it is, larger is worse; the peak of an alert is the value where this was largest. */
  severity: number
}

export type Phase = 'inactive' | 'pending' | 'firing'

export interface Lifecycle {
  phase: Phase
  /** When the current pending period began (the condition first held). */
  pendingSince: number
  firingSince: number
  peak: number
  peakSeverity: number
}

/** A change of phase; `resolved` ends a firing alert, `inactive` a pending one that never fired. */
export type Step = 'pending' | 'firing' | 'resolved' | 'inactive'

export function initialLifecycle(): Lifecycle {
  return { phase: 'inactive', pendingSince: 0, firingSince: 0, peak: Number.NaN, peakSeverity: Number.NEGATIVE_INFINITY }
}

function notePeak(life: Lifecycle, signal: Signal): void {
  if (signal.severity <= life.peakSeverity) return
  life.peakSeverity = signal.severity
  life.peak = signal.value
}

function begin(life: Lifecycle, signal: Signal, at: number, forMs: number): Step[] {
  life.pendingSince = at
  life.peak = signal.value
  life.peakSeverity = signal.severity
  if (forMs > 0) {
    life.phase = 'pending'
    return ['pending']
  }
  life.phase = 'firing'
  life.firingSince = at
  return ['firing']
}

/** Advances `life` (in place) by one signal at event time `at`; returns the steps taken. */
export function advance(life: Lifecycle, signal: Signal, at: number, forMs: number): Step[] {
  if (life.phase === 'inactive') return signal.breach ? begin(life, signal, at, forMs) : []
  if (life.phase === 'pending') {
    if (!signal.breach) {
      life.phase = 'inactive'
      return ['inactive']
    }
    notePeak(life, signal)
    if (at - life.pendingSince < forMs) return []
    life.phase = 'firing'
    life.firingSince = at
    return ['firing']
  }
  notePeak(life, signal)
  if (!signal.clear) return []
  life.phase = 'inactive'
  return ['resolved']
}
