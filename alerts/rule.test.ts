import { describe, expect, it } from 'vitest'
import { parseDuration } from './duration.ts'
import { checkRule, parseRule } from './parse-rule.ts'
import { isRuleError } from './errors.ts'

/** The fields a spec is rejected for, or [] when it validates. */
function faults(spec: unknown): string[] {
  const result = checkRule(spec)
  return result.ok ? [] : result.error.fields.map((fault) => fault.field)
}

describe('rule schemas', () => {
  it("take the issue's JSON exactly and normalise it", () => {
    const threshold = parseRule({ name: 'hot', kind: 'threshold', source: 'sensors.windows_1m', field: 'avg_c', op: '>', value: 90, for: '2m', severity: 'critical', filter: { machine_id: 'M07' } })
    expect(threshold).toMatchObject({ kind: 'threshold', for: 120_000, filter: { machine_id: 'M07' }, by: 'sensor', enabled: true, labels: {} })
    const deviation = parseRule({ name: 'odd', kind: 'deviation', field: 'avg_c', z: 4, baseline: '6h', for: '5m' })
    expect(deviation).toMatchObject({ source: 'sensors.windows_1m', baseline: 21_600_000, for: 300_000, severity: 'warning', direction: 'both' })
    expect(parseRule({ name: 'quiet', kind: 'stale', after: '60s' })).toMatchObject({ source: 'sensors.readings', after: 60_000 })
    expect(parseRule({ name: 'stuck', kind: 'flatline', epsilon: 0.01, for: '30m' })).toMatchObject({ field: 'avg_c', for: 1_800_000 })
    expect(parseRule({ name: 'oee', kind: 'sql', sql: 'select machine_id from kpi.oee where oee < 0.6', every: '5m', labels: ['machine_id'] })).toMatchObject({ every: 300_000, labels: ['machine_id'] })
    expect(parseRule({ name: 'fast', kind: 'rate_of_change', source: 'sensors.readings', op: '>', value: 2, span: '10m' })).toMatchObject({ field: 'temperature_c', span: 600_000 })
  })

  it('read durations in ms, s, m, h and d', () => {
    expect([parseDuration('500ms'), parseDuration('60s'), parseDuration('2m'), parseDuration('6h'), parseDuration('1d'), parseDuration('1.5h')]).toEqual([500, 60_000, 120_000, 21_600_000, 86_400_000, 5_400_000])
    expect([parseDuration('2 minutes'), parseDuration('-2m'), parseDuration('m'), parseDuration('')]).toEqual([undefined, undefined, undefined, undefined])
  })

  it('name the field at fault', () => {
    expect(faults({ name: 'x', kind: 'threshold', op: '=>', value: 90 })).toEqual(['op'])
    expect(faults({ name: 'x', kind: 'threshold', op: '>', value: '90' })).toEqual(['value'])
    expect(faults({ name: 'x', kind: 'threshold', op: '>', value: 90, field: 'avg_f' })).toEqual(['field'])
    expect(faults({ name: 'x', kind: 'threshold', source: 'sensors.readings', op: '>', value: 90, field: 'avg_c' })).toEqual(['field'])
    expect(faults({ name: 'x', kind: 'threshold', op: '>', value: 90, for: 'two minutes' })).toEqual(['for'])
    expect(faults({ name: 'x', kind: 'threshold', op: '>', value: 90, clear: 95 })).toEqual(['clear'])
    expect(faults({ name: 'x', kind: 'threshold', op: '>', value: 90, filter: { machine: 'M07' } })).toEqual(['filter.machine'])
    expect(faults({ name: 'x', kind: 'threshold', op: '>', value: 90, colour: 'red' })).toEqual(['colour'])
    expect(faults({ name: 'x', kind: 'deviation', z: -1 })).toEqual(['z'])
    expect(faults({ name: 'x', kind: 'stale' })).toEqual(['after'])
    expect(faults({ name: 'x', kind: 'flatline', epsilon: 0.1, for: '0s' })).toEqual(['for'])
    expect(faults({ name: 'x', kind: 'sql', sql: ' ', every: '1m', labels: [] }).sort()).toEqual(['labels', 'sql'])
    expect(faults({ name: '', kind: 'anomaly' })).toEqual(['kind'])
  })

  it('say what is wrong in one line, as a RuleError', () => {
    const result = checkRule({ name: 'x', kind: 'threshold', op: '>', value: 90, field: 'avg_f' })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.message).toBe('field: sensors.windows_1m has no field "avg_f"; one of avg_c, min_c, max_c, first_c, last_c, stddev_c, n')
    expect(() => parseRule({ name: 'x', kind: 'stale', after: 'soon' })).toThrow(/after: "soon" is not a duration/)
    try {
      parseRule({})
    } catch (error) {
      expect(isRuleError(error)).toBe(true)
    }
  })
})
