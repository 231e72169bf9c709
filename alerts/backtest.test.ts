import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { backtest } from './backtest.ts'
import { evaluate, initialState, type Transition } from './evaluate.ts'
import type { AlertInput } from './input.ts'
import { fromTemplate, TEMPLATES } from './templates.ts'
import { MINUTE, reading, T0, tick } from './testdata/inputs.ts'

const GOLDEN = new URL('./testdata/golden-backtest.json', import.meta.url)
const onReadings = { source: 'sensors.readings', field: 'temperature_c' }

/**
 * Two days of one reading a minute from two sensors: a daily swing with noise; on sensor T1 a
 * 12 °C step for 40 min, a fast rise, a stuck stretch and a 10-minute silence; a clock tick every
 * 30 s. Deterministic, so its firings are a golden file.
 */
function syntheticInputs(): AlertInput[] {
  const inputs: AlertInput[] = []
  let seed = 7
  const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647
  for (let minute = 0; minute < 2 * 24 * 60; minute += 1) {
    for (const sensor of ['M07-T1', 'M07-T2']) {
      const t1 = sensor === 'M07-T1'
      if (t1 && minute >= 2000 && minute < 2010) continue
      const daily = 80 + 3 * Math.sin((minute / 1440) * 2 * Math.PI)
      const step = t1 && minute >= 1500 && minute < 1540 ? 12 : 0
      const ramp = t1 && minute >= 1800 && minute < 1815 ? (minute - 1800) * 2.5 : 0
      const stuck = t1 && minute >= 2400 && minute < 2460
      inputs.push(reading(minute, stuck ? 81.25 : daily + step + ramp + random() - 0.5, { sensor_id: sensor }))
    }
    inputs.push(tick(minute + 0.5))
  }
  return inputs
}

const summary = (firings: ReturnType<typeof backtest>['firings']) =>
  firings.map((f) => ({ sensor: f.labels.sensor_id, start: (f.start - T0) / MINUTE, end: f.end === null ? null : (f.end - T0) / MINUTE, peak: Number(f.peak.toFixed(3)) }))

describe('backtests', () => {
  const inputs = syntheticInputs()

  it('give the committed firings of every template on a synthetic series (golden file)', () => {
    const actual = Object.fromEntries(
      TEMPLATES.map((template) => {
        const rule = template.id === 'stale' ? fromTemplate('stale') : fromTemplate(template.id, template.id === 'threshold' ? { ...onReadings, value: 90 } : onReadings)
        return [template.id, summary(backtest(rule, inputs).firings)]
      }),
    )
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 2)}\n`)
    expect(actual).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')))
  })

  it('give the same transitions as live evaluation, input by input, in any interleaving of the series', () => {
    const rule = fromTemplate('deviation', onReadings)
    const live = initialState()
    const seen: Transition[] = []
    for (const input of inputs) seen.push(...evaluate(rule, live, input).transitions)
    expect(backtest(rule, inputs).transitions).toEqual(seen)
    // Each sensor backtested on its own gives that sensor's share of the live transitions.
    for (const sensor of ['M07-T1', 'M07-T2']) {
      const own = inputs.filter((input) => input.kind === 'reading' && input.sensor_id === sensor)
      expect(backtest(rule, own).transitions).toEqual(seen.filter((t) => t.labels.sensor_id === sensor))
    }
  })

  it('resume from a saved state exactly where a full run would be', () => {
    const rule = fromTemplate('rate-of-change', onReadings)
    const half = inputs.length / 2
    const first = backtest(rule, inputs.slice(0, half))
    const second = backtest(rule, inputs.slice(half), first.state)
    expect([...first.transitions, ...second.transitions]).toEqual(backtest(rule, inputs).transitions)
  })
})
