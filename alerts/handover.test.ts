/**
 * A partition moving from instance A to instance B, on the evaluator's state alone: A forgets the
 * series it no longer reads without any transition (its stale rule does not fire for them), B
 * carries on A's firing alert from the stored alerts — no second `firing` — and resolves it.
 */
import { describe, expect, it } from 'vitest'
import { evaluate, initialState, type RuleState, type Transition } from './evaluate.ts'
import { handOver } from './handover.ts'
import type { AlertInput } from './input.ts'
import { parseRule } from './parse-rule.ts'
import type { ActiveAlert } from './restore.ts'
import type { Rule } from './rule.ts'
import { MINUTE, reading, T0, tick } from './testdata/inputs.ts'

const run = (rule: Rule, state: RuleState, inputs: readonly AlertInput[]): Transition[] => inputs.flatMap((input) => evaluate(rule, state, input).transitions)
const hot = parseRule({ name: 'hot', kind: 'threshold', source: 'sensors.readings', op: '>', value: 90, clear: 85, for: '2m', severity: 'critical' })
const quiet = parseRule({ name: 'quiet', kind: 'stale', after: '5m' })
const T1 = { machine_id: 'M01', sensor_id: 'M01-T1' }
const T2 = { machine_id: 'M02', sensor_id: 'M02-T1' }
/** The alert the store keeps after a transition (alert-store.ts). */
const stored = (t: Transition): ActiveAlert => ({ key: t.key, labels: t.labels, state: t.to as ActiveAlert['state'], since: t.since, updatedAt: t.at, peak: t.peak })

describe('handing a rule’s series over when partitions move', () => {
  it('forgets the series of a partition that moved away, silently, so a stale rule does not fire for them', () => {
    const a = initialState()
    expect(run(quiet, a, [reading(0, 70, T1), reading(0, 70, T2), tick(1)])).toEqual([])
    // M02's partition moved to B: A reads only M01 from now on.
    handOver(quiet, a, (key) => key === 'M01/M01-T1', [])
    expect([...a.series.keys()]).toEqual(['M01/M01-T1'])
    expect(run(quiet, a, [reading(4, 70, T1), tick(8)])).toEqual([])
    // Without the hand-over M02 would have gone stale at minute 5.
    const kept = initialState()
    run(quiet, kept, [reading(0, 70, T1), reading(0, 70, T2), tick(1), reading(4, 70, T1)])
    expect(run(quiet, kept, [tick(8)]).map((t) => t.key)).toEqual(['M02/M02-T1'])
  })

  it('carries a firing alert over to the new owner: one alert, no second `firing`, resolved by the new owner only', () => {
    const a = initialState()
    const fired = run(hot, a, [reading(0, 95, T1), reading(1, 96, T1), reading(2, 97, T1)])
    expect(fired.map((t) => t.to)).toEqual(['pending', 'firing'])
    const active = [stored(fired[1]!)]

    // A loses the partition: no transition, and the alert stays (dormant) as the store has it.
    handOver(hot, a, () => false, active)
    expect(a.series.get('M01/M01-T1')?.life.phase).toBe('firing')
    // B gains it: from the store, still firing since minute 2.
    const b = initialState()
    handOver(hot, b, () => false, active)
    expect(run(hot, b, [reading(3, 98, T1)])).toEqual([])
    expect(run(hot, b, [reading(4, 80, T1)]).map((t) => [t.to, t.since, t.peak])).toEqual([['resolved', T0 + 2 * MINUTE, 98]])
  })

  it('keeps what it still reads as it is, and restores only alerts of series it does not hold', () => {
    const b = initialState()
    const pending = run(hot, b, [reading(0, 95, T1)])
    expect(pending.map((t) => t.to)).toEqual(['pending'])
    const other: ActiveAlert = { key: 'M02/M02-T1', labels: { machine_id: 'M02', sensor_id: 'M02-T1' }, state: 'pending', since: T0, updatedAt: T0, peak: 93 }
    handOver(hot, b, (key) => key === 'M01/M01-T1', [stored(pending[0]!), other])
    expect([...b.series].map(([key, s]) => [key, s.life.phase, s.lastTs])).toEqual([
      ['M01/M01-T1', 'pending', T0],
      ['M02/M02-T1', 'pending', T0],
    ])
    // M02's pending period counts from its stored start: it fires once it held for 2 minutes.
    expect(run(hot, b, [reading(2, 94, T2)]).map((t) => [t.key, t.to])).toEqual([['M02/M02-T1', 'firing']])
  })
})
