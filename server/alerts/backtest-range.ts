/**
 * A backtest's range from a request: `from` before `to`, at most MAX_BACKTEST_DAYS long, and the
 * warm-up before `from` a rule needs to judge the first value of the range as it would have been
 * judged live (a deviation's baseline, a rate's span, a flatline's span).
 */
import type { Rule } from '../../alerts/index.ts'
import { badRequest } from '../http/api-error.ts'
import { MAX_BACKTEST_DAYS } from './alert-schemas.ts'

const DAY_MS = 86_400_000

export interface BacktestSpan {
  from: number
  to: number
  /** Where reading starts: `from` minus the rule's warm-up. */
  readFrom: number
}

export function backtestSpan(rule: Rule, range: { from: string; to: string }): BacktestSpan {
  const from = Date.parse(range.from)
  const to = Date.parse(range.to)
  if (!(to > from)) throw badRequest('to', 'must be after from')
  if (to - from > MAX_BACKTEST_DAYS * DAY_MS) throw badRequest('to', `a backtest covers at most ${MAX_BACKTEST_DAYS} days`)
  return { from, to, readFrom: from - warmUp(rule) }
}

/** How much history before the range the rule's detector reads. */
export function warmUp(rule: Rule): number {
  switch (rule.kind) {
    case 'deviation':
      return rule.baseline
    case 'rate_of_change':
      return rule.span
    case 'flatline':
      return rule.for
    default:
      return 0
  }
}

/** Firings that began on each UTC day of the range, every day listed. */
export function firingsPerDay(from: number, to: number, starts: readonly number[]): { day: string; firings: number }[] {
  const days: { day: string; firings: number }[] = []
  for (let day = Math.floor(from / DAY_MS) * DAY_MS; day < to; day += DAY_MS) {
    days.push({ day: new Date(day).toISOString().slice(0, 10), firings: starts.filter((start) => start >= day && start < day + DAY_MS).length })
  }
  return days
}
