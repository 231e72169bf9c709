import { describe, expect, it } from 'vitest'
import { backtest } from './backtest.ts'
import { parseRule } from './parse-rule.ts'
import { MINUTE, T0 } from './testdata/inputs.ts'

const lowOee = parseRule({ name: 'OEE below 60 %', kind: 'sql', sql: 'select machine_id, oee from kpi.oee_shift where oee < 0.6', every: '5m', labels: ['machine_id'], for: '5m' })
const run = (minute: number, rows: Record<string, unknown>[]) => ({ kind: 'rows' as const, ts: T0 + minute * MINUTE, rows })

describe('a SQL rule', () => {
  it('fires per returned row keyed by its label columns, after its pending period, and resolves when the row is gone', () => {
    const { transitions, firings, state } = backtest(lowOee, [
      run(0, [{ machine_id: 'M07', oee: 0.55 }]),
      run(5, [{ machine_id: 'M07', oee: 0.5 }, { machine_id: 'M08', oee: 0.58 }]),
      run(10, [{ machine_id: 'M08', oee: 0.59 }]),
      run(15, []),
    ])
    expect(transitions.map((t) => [t.to, t.labels.machine_id, (t.at - T0) / MINUTE])).toEqual([
      ['pending', 'M07', 0],
      ['firing', 'M07', 5],
      ['pending', 'M08', 5],
      ['firing', 'M08', 10],
      ['resolved', 'M07', 10],
      ['resolved', 'M08', 15],
    ])
    expect(firings.map((f) => [f.labels, f.peak])).toEqual([[{ machine_id: 'M07' }, 0.55], [{ machine_id: 'M08' }, 0.59]])
    expect(state.series.size).toBe(0)
  })

  it('ignores stream inputs', () => {
    expect(backtest(lowOee, [{ kind: 'tick', ts: T0 }]).transitions).toEqual([])
  })
})
