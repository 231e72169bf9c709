import { describe, expect, it } from 'vitest'
import type { AlertEvent } from './alert-types.ts'
import { alertsView, mayEdit } from './alerts-view.ts'
import { firingsPerDay } from './firings-per-day.ts'
import { checkFields, serverFields } from './rule-field-errors.ts'
import { matcherText, parseMatchers } from './silence-matchers.ts'
import { addToast, shouldToast } from './toast-queue.ts'

describe('the section’s own addresses', () => {
  it('opens the list, a rule, a new rule from a template, silences', () => {
    expect(alertsView('#/alerts')).toEqual({ page: 'alerts' })
    expect(alertsView('#/alerts/rules')).toEqual({ page: 'rules' })
    expect(alertsView('#/alerts/rules/12')).toEqual({ page: 'rule', id: 12 })
    expect(alertsView('#/alerts/rules/new?template=deviation')).toEqual({ page: 'rule', id: 'new', template: 'deviation', sql: undefined, name: undefined })
    expect(alertsView(`#/alerts/rules/new?${new URLSearchParams({ sql: 'select 1 as n', name: 'low_oee' })}`)).toMatchObject({ page: 'rule', id: 'new', sql: 'select 1 as n', name: 'low_oee' })
    expect(alertsView('#/alerts/rules/abc')).toEqual({ page: 'rules' })
    expect(alertsView('#/alerts/silences')).toEqual({ page: 'silences' })
  })

  it('lets engineers and admins edit, not managers or analysts', () => {
    expect(['engineer', 'admin', 'manager', 'analyst'].map(mayEdit)).toEqual([true, true, false, false])
  })
})

describe('field errors at their field', () => {
  it('from checkRule in the browser', () => {
    expect(checkFields({ name: 'x', kind: 'threshold', op: '>', value: 'ninety' as unknown as number, filter: { machine_id: ['M1', ''] } })).toEqual({
      value: expect.stringMatching(/number/),
      'filter.machine_id': expect.any(String),
    })
    expect(checkFields({ name: 'x', kind: 'threshold', op: '>', value: 90 })).toBeUndefined()
  })

  it('from the server’s 400, under rule. or not, several in one message', () => {
    expect(serverFields({ code: 'bad-request', status: 400, field: 'rule', message: 'rule.value: expected number; for: "two" is not a duration' })).toEqual({ value: 'expected number', for: '"two" is not a duration' })
    expect(serverFields({ code: 'bad-request', status: 400, message: 'something else' })).toEqual({ '': 'something else' })
  })
})

describe('firings per plant day', () => {
  it('counts by the plant-local day each began, every day present', () => {
    const from = Date.parse('2026-12-01T00:00:00Z')
    const to = Date.parse('2026-12-04T00:00:00Z')
    // 23:30 UTC on the 1st is already the 2nd in Berlin.
    const starts = [Date.parse('2026-12-01T10:00:00Z'), Date.parse('2026-12-01T23:30:00Z'), Date.parse('2026-12-02T12:00:00Z')]
    expect(firingsPerDay(starts, from, to, 'Europe/Berlin')).toEqual([
      { day: '2026-12-01', firings: 1 },
      { day: '2026-12-02', firings: 2 },
      { day: '2026-12-03', firings: 0 },
      { day: '2026-12-04', firings: 0 },
    ])
  })
})

describe('silence matchers', () => {
  it('reads label=value and label!=value, and names what is not one', () => {
    const parsed = parseMatchers('machine_id=M07, sensor_id != M07-T2')
    expect(parsed).toEqual({ ok: true, matchers: [{ label: 'machine_id', op: '=', value: 'M07' }, { label: 'sensor_id', op: '!=', value: 'M07-T2' }] })
    if (parsed.ok) expect(matcherText(parsed.matchers)).toBe('machine_id=M07, sensor_id!=M07-T2')
    expect(parseMatchers('M07')).toEqual({ ok: false, message: expect.stringContaining('"M07"') })
    expect(parseMatchers(' ')).toMatchObject({ ok: false })
  })
})

describe('toasts', () => {
  const event = (to: AlertEvent['to'], key = 'M07', silenced = false) => ({ alertId: 1, ruleId: 1, ruleName: 'hot', key, labels: {}, to, at: '', value: 1, peak: 1, severity: 'critical', silenced }) as AlertEvent
  it('for a firing that is not silenced; a repeat replaces its toast; at most four', () => {
    expect([shouldToast(event('firing')), shouldToast(event('pending')), shouldToast(event('firing', 'M07', true))]).toEqual([true, false, false])
    let toasts = addToast([], event('firing'))
    toasts = addToast(toasts, event('firing'))
    expect(toasts).toHaveLength(1)
    for (const key of ['a', 'b', 'c', 'd']) toasts = addToast(toasts, event('firing', key))
    expect(toasts.map((t) => t.id)).toEqual(['1/d', '1/c', '1/b', '1/a'])
  })
})

describe('a new rule', () => {
  it('starts off, from a template or from a notebook’s sql cell', async () => {
    const { newRuleSpec } = await import('./new-rule.ts')
    expect(newRuleSpec('deviation')).toMatchObject({ kind: 'deviation', enabled: false })
    expect(newRuleSpec(undefined, { sql: 'select machine_id, oee from kpi.machine_daily', name: 'low_oee' })).toMatchObject({ kind: 'sql', name: 'low_oee', sql: 'select machine_id, oee from kpi.machine_daily', labels: ['machine_id'], enabled: false })
  })
})
