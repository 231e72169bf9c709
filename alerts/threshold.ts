/** Threshold: the latest value (a reading or a window aggregate) above or below a level. */
import { compare, isClear, overshoot } from './compare.ts'
import type { Detector } from './detector.ts'
import type { ThresholdRule } from './rule.ts'

export const thresholdDetector: Detector<ThresholdRule, null> = {
  init: () => null,
  observe(rule, _state, _ts, value) {
    return {
      breach: compare(rule.op, value, rule.value),
      clear: isClear(rule.op, value, rule.clear ?? rule.value),
      value,
      severity: overshoot(rule.op, value, rule.value),
    }
  },
}
