/**
 * The benchmark's headline as a regression test: the default deviation template on NAB's
 * machine-temperature series (docs/alerts.md, "Benchmark"). A change to the evaluators that moves
 * these figures must update the docs' table too.
 */
import { describe, expect, it } from 'vitest'
import { loadNabSeries, numentaDetections, readingsOf } from '../test/fixtures/nab-series.ts'
import { backtest } from './backtest.ts'
import type { Firing } from './backtest.ts'
import { judgeFirings } from './labelled-windows.ts'
import { fromTemplate } from './templates.ts'

const HOUR = 3_600_000

describe('the deviation template on NAB machine temperature', () => {
  const series = loadNabSeries('machine_temperature_system_failure')

  it('catches all four labelled windows, the Jan 27-29 precursor too, with 9 false alerts and NAB 71.1', () => {
    const { firings } = backtest(fromTemplate('deviation', { source: 'sensors.readings', field: 'temperature_c' }), readingsOf(series))
    const report = judgeFirings(series, firings)
    expect(report.windows.map((window) => Number(((window.firstDetection ?? Number.NaN) / HOUR).toFixed(1)))).toEqual([16.3, 22.1, 29.3, 45.3])
    expect([report.caught, report.falseAlerts, Number(report.falsePerWeek.toFixed(2)), Number(report.nab.normalized.toFixed(1))]).toEqual([4, 9, 0.89, 71.1])
  })

  it("judges NAB's own HTM detections as NAB does (62.9)", () => {
    const firings: Firing[] = numentaDetections().map((start) => ({ start, end: start, labels: {}, peak: 0 }))
    expect(Number(judgeFirings(series, firings).nab.normalized.toFixed(1))).toBe(62.9)
  })
})
