import { describe, expect, it } from 'vitest'
import { evaluate, initialState, type RuleState, type Transition } from './evaluate.ts'
import type { AlertInput } from './input.ts'
import { parseRule } from './parse-rule.ts'
import { peakSeverity, restoredState, type ActiveAlert } from './restore.ts'
import type { Rule } from './rule.ts'
import { MINUTE, reading, series, T0, tick } from './testdata/inputs.ts'

function run(rule: Rule, state: RuleState, inputs: readonly AlertInput[]): Transition[] {
  return inputs.flatMap((input) => evaluate(rule, state, input).transitions)
}

/**
 * What the app database holds after these transitions and a clean stop: each series' alert while
 * pending or firing (as alert-store.ts records them), with the peak the engine writes at its stop.
 */
function storedAlerts(transitions: readonly Transition[], state: RuleState): ActiveAlert[] {
  const alerts = new Map<string, ActiveAlert>()
  for (const t of transitions) {
    if (t.to === 'pending' || t.to === 'firing') alerts.set(t.key, { key: t.key, labels: t.labels, state: t.to, since: t.since, updatedAt: t.at, peak: Number.isFinite(t.peak) ? t.peak : null })
    else alerts.delete(t.key)
  }
  for (const alert of alerts.values()) {
    const peak = state.series.get(alert.key)?.life.peak ?? Number.NaN
    alert.peak = Number.isFinite(peak) ? peak : null
  }
  return [...alerts.values()]
}

/** The transitions of a run, and the alerts it leaves stored. */
function runStored(rule: Rule, inputs: readonly AlertInput[]): { transitions: Transition[]; alerts: ActiveAlert[] } {
  const state = initialState()
  const transitions = run(rule, state, inputs)
  return { transitions, alerts: storedAlerts(transitions, state) }
}

/** Evaluates `inputs` once straight through and once with a restart before input `at`; answers both transition lists. */
function withRestart(rule: Rule, inputs: readonly AlertInput[], at: number): { straight: Transition[]; restarted: Transition[] } {
  const straight = run(rule, initialState(), inputs)
  const before = runStored(rule, inputs.slice(0, at))
  const after = run(rule, restoredState(rule, before.alerts), inputs.slice(at))
  return { straight, restarted: [...before.transitions, ...after] }
}

const hot = parseRule({ name: 'hot', kind: 'threshold', source: 'sensors.readings', op: '>', value: 90, clear: 85, for: '3m', severity: 'critical' })

describe('the evaluator state restored from stored alerts', () => {
  it('gives the same transitions as a run without the restart, wherever the restart falls (threshold)', () => {
    const inputs = series([80, 91, 92, 93, 94, 95, 88, 87, 91, 84, 80, 92, 93])
    for (let at = 0; at <= inputs.length; at += 1) {
      const { straight, restarted } = withRestart(hot, inputs, at)
      expect(restarted, `restart before input ${at}`).toEqual(straight)
    }
  })

  it('keeps a firing alert firing with no second `firing`, and resolves it when its condition clears', () => {
    const before = runStored(hot, series([91, 92, 93, 94, 99]))
    expect(before.transitions.map((t) => t.to)).toEqual(['pending', 'firing'])
    const state = restoredState(hot, before.alerts)
    expect(run(hot, state, [reading(6, 97), reading(7, 86)])).toEqual([])
    const [resolved] = run(hot, state, [reading(8, 80)])
    expect(resolved).toMatchObject({ to: 'resolved', since: T0 + 3 * MINUTE, peak: 99, at: T0 + 8 * MINUTE })
  })

  it('continues a pending period from its recorded start', () => {
    const before = runStored(hot, series([80, 91]))
    const state = restoredState(hot, before.alerts)
    expect(run(hot, state, [reading(3, 92)])).toEqual([])
    expect(run(hot, state, [reading(4, 93)]).map((t) => [t.to, t.since])).toEqual([['firing', T0 + 4 * MINUTE]])
  })

  it('skips inputs at or before the last recorded transition (a source re-delivering what was evaluated)', () => {
    const before = runStored(hot, series([91, 92, 93, 94]))
    const state = restoredState(hot, before.alerts)
    // Minute 2's 80 was evaluated before the restart (it would have ended the pending period then).
    expect(run(hot, state, [reading(2, 80)])).toEqual([])
  })

  it('never takes the restart gap for silence: a stale series is known again from its next value', () => {
    const stale = parseRule({ name: 'quiet', kind: 'stale', after: '5m' })
    const before = runStored(stale, [reading(0, 70), reading(1, 70), tick(2)])
    expect(before.transitions).toEqual([])
    const state = restoredState(stale, before.alerts)
    // An hour later the first value after the restart: nothing fires, the rule's own 5 min count again from it.
    expect(run(stale, state, [tick(60), reading(61, 70), tick(64)])).toEqual([])
    expect(run(stale, state, [tick(66)]).map((t) => t.to)).toEqual(['firing'])
  })

  it('resolves a restored stale alert at the series’ next value', () => {
    const stale = parseRule({ name: 'quiet', kind: 'stale', after: '5m' })
    const before = runStored(stale, [reading(0, 70), tick(6)])
    expect(before.transitions.map((t) => t.to)).toEqual(['firing'])
    const state = restoredState(stale, before.alerts)
    expect(run(stale, state, [tick(8)])).toEqual([])
    expect(run(stale, state, [reading(9, 70)]).map((t) => [t.to, t.since])).toEqual([['resolved', T0 + 6 * MINUTE]])
  })

  it('restores SQL rule alerts by their key, cleared by the next run that does not return it', () => {
    const sql = parseRule({ name: 'failed', kind: 'sql', sql: 'select job from runs', every: '1m', labels: ['job'] })
    const before = runStored(sql, [{ kind: 'rows', ts: T0, rows: [{ job: 'mes-ingest', n: 2 }] }])
    const state = restoredState(sql, before.alerts)
    expect(run(sql, state, [{ kind: 'rows', ts: T0 + MINUTE, rows: [{ job: 'mes-ingest', n: 3 }] }])).toEqual([])
    expect(run(sql, state, [{ kind: 'rows', ts: T0 + 2 * MINUTE, rows: [] }]).map((t) => [t.to, t.key])).toEqual([['resolved', '["mes-ingest"]']])
  })

  it('rates a stored peak as the rule’s detector would, so only a worse value replaces it', () => {
    expect(peakSeverity(hot, 95)).toBe(5)
    expect(peakSeverity(parseRule({ name: 'cold', kind: 'threshold', op: '<', value: 10 }), 4)).toBe(6)
    expect(peakSeverity(parseRule({ name: 'z', kind: 'deviation' }), -5)).toBe(5)
  })
})
