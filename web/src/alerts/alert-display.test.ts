import { describe, expect, it } from 'vitest'
import { labelText, splitAlerts } from './alert-order.ts'
import type { Alert } from './alert-types.ts'
import { valueText } from './alert-value.ts'
import { alertLook, severityLook } from './severity.ts'

const alert = (id: number, state: Alert['state'], severity: Alert['severity'], since: string, updatedAt = since): Alert =>
  ({ id, ruleId: 1, ruleName: 'r', key: 'k', labels: {}, state, severity, since, updatedAt, value: 1, peak: 1, silenced: false, acknowledged: null }) as Alert

describe('severity display', () => {
  it('pairs every colour with an icon and the word', () => {
    for (const severity of ['info', 'warning', 'critical'] as const) {
      const look = severityLook(severity)
      expect(look.icon).not.toBe('')
      expect(look.word).toBe(severity)
    }
  })

  it('is calm grey once resolved and outlined while pending', () => {
    expect(alertLook('critical', 'resolved')).toMatchObject({ word: 'resolved', colour: '#4a5567' })
    expect(alertLook('critical', 'pending')).toMatchObject({ word: 'critical, pending', fill: 'white', colour: severityLook('critical').colour })
  })
})

describe('grouping and order', () => {
  it('puts firing before pending, the most severe first, the oldest first; history newest first', () => {
    const alerts = [
      alert(1, 'pending', 'critical', '2026-12-01T10:00:00Z'),
      alert(2, 'firing', 'warning', '2026-12-01T09:00:00Z'),
      alert(3, 'firing', 'critical', '2026-12-01T11:00:00Z'),
      alert(4, 'firing', 'critical', '2026-12-01T08:00:00Z'),
      alert(5, 'resolved', 'critical', '2026-12-01T07:00:00Z', '2026-12-01T07:30:00Z'),
      alert(6, 'resolved', 'info', '2026-12-01T06:00:00Z', '2026-12-01T09:30:00Z'),
    ]
    const { current, history } = splitAlerts(alerts)
    expect(current.map((a) => a.id)).toEqual([4, 3, 2, 1])
    expect(history.map((a) => a.id)).toEqual([6, 5])
  })

  it('writes the series’ labels first, then the rule’s own', () => {
    expect(labelText({ team: 'a', sensor_id: 'M07-T1', machine_id: 'M07' })).toBe('machine_id=M07 · sensor_id=M07-T1 · team=a')
  })

  it('writes values in the reader’s locale, a missing one as a dash', () => {
    expect(valueText(1234.567, ['en'])).toBe('1,234.57')
    expect(valueText(1234.567, ['de'])).toBe('1.234,57')
    expect(valueText(null)).toBe('–')
  })
})
