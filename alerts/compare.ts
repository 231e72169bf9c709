/** The comparison operators of threshold and rate rules, with their hysteresis counterpart. */
import type { Op } from './rule.ts'

export function compare(op: Op, left: number, right: number): boolean {
  if (op === '>') return left > right
  if (op === '>=') return left >= right
  if (op === '<') return left < right
  return left <= right
}

/** True once `value` is back on the safe side of `level` (the clear side of a `op` condition). */
export function isClear(op: Op, value: number, level: number): boolean {
  return !compare(op, value, level)
}

/** How far past `level` the value is, in the direction `op` alerts on (positive = worse). */
export function overshoot(op: Op, value: number, level: number): number {
  return op === '>' || op === '>=' ? value - level : level - value
}
