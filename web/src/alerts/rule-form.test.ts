import { describe, expect, it } from 'vitest'
import { checkRule, TEMPLATES } from '../../../alerts/index.ts'
import { changeKind, formToSpec, specToForm } from './rule-form.ts'

const ISSUE_RULE = { name: 'M07 hot', kind: 'threshold', source: 'sensors.windows_1m', field: 'avg_c', op: '>', value: 90, for: '2m', severity: 'critical', filter: { machine_id: 'M07' } }

describe('rule form ↔ rule JSON', () => {
  it('round-trips the issue’s threshold rule and every template unchanged', () => {
    expect(formToSpec(specToForm(ISSUE_RULE))).toEqual(ISSUE_RULE)
    for (const template of TEMPLATES) expect(formToSpec(specToForm(template.spec))).toEqual(template.spec)
  })

  it('round-trips a SQL rule with its label columns as a list, even one', () => {
    const sql = { name: 'OEE', kind: 'sql', sql: 'select machine_id, oee from kpi.machine_daily', every: '5m', labels: ['machine_id'] }
    expect(formToSpec(specToForm(sql))).toEqual(sql)
  })

  it('writes numbers as numbers, a filter list as a list, extra labels as an object; empty fields are left to the defaults', () => {
    const form = specToForm({ kind: 'threshold' })
    Object.assign(form.values, { name: 'x', op: '<', value: ' 40.5 ', 'filter.machine_id': 'M01, M02', labels: 'team=maintenance, runbook=r7' })
    expect(formToSpec(form)).toEqual({ kind: 'threshold', name: 'x', op: '<', value: 40.5, filter: { machine_id: ['M01', 'M02'] }, labels: { team: 'maintenance', runbook: 'r7' } })
  })

  it('keeps a value that is no number as text, so checkRule names that field', () => {
    const form = specToForm(ISSUE_RULE)
    form.values.value = 'ninety'
    const result = checkRule(formToSpec(form))
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.fields.map((f) => f.field)).toEqual(['value'])
  })

  it('carries keys the form has no field for, so an unknown key is refused rather than lost', () => {
    const spec = formToSpec(specToForm({ ...ISSUE_RULE, treshold: 3, filter: { machine_id: 'M07', machine: 'M07' } }))
    expect(spec).toMatchObject({ treshold: 3, filter: { machine_id: 'M07', machine: 'M07' } })
    const result = checkRule(spec)
    if (!result.ok) expect(result.error.fields.map((f) => f.field).sort()).toEqual(['filter.machine', 'treshold'])
  })

  it('a disabled rule says enabled: false; an enabled one leaves it to the default', () => {
    expect(formToSpec({ ...specToForm(ISSUE_RULE), enabled: false }).enabled).toBe(false)
    expect('enabled' in formToSpec(specToForm(ISSUE_RULE))).toBe(false)
  })

  it('changing kind keeps the shared fields and drops the rest', () => {
    const deviation = changeKind(specToForm(ISSUE_RULE), 'deviation')
    expect(formToSpec(deviation)).toEqual({ kind: 'deviation', name: 'M07 hot', source: 'sensors.windows_1m', field: 'avg_c', for: '2m', severity: 'critical', filter: { machine_id: 'M07' } })
    const sql = changeKind(specToForm({ ...ISSUE_RULE, labels: { team: 'a' } }), 'sql')
    expect(sql.values.labels).toBe('')
  })
})
