import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { detectionIndices, NAB_PROFILES, nabScore, pointWeights, probationLength, scaledSigmoid, type NabSeries } from './nab-score.ts'

const MINUTE = 60_000
/** 100 points a minute apart; one window over points 40..59. Probation: the first 15 points. */
const series: NabSeries = { timestamps: Array.from({ length: 100 }, (_, i) => i * MINUTE), windows: [{ start: 40 * MINUTE, end: 59 * MINUTE }] }

describe('NAB scoring', () => {
  it('weighs positions with the scaled sigmoid', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5)
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828, 5)
    expect(scaledSigmoid(0)).toBe(0)
    expect(scaledSigmoid(1)).toBeCloseTo(-0.98661, 5)
    expect(scaledSigmoid(3)).toBe(-1)
    expect([probationLength(100), probationLength(22_695), probationLength(7_267)]).toEqual([15, 750, 750])
  })

  it('scores the earliest detection in a window as A_TP and a miss as A_FN, normalised between the null and perfect detectors', () => {
    expect(nabScore(series, [40])).toMatchObject({ raw: 1, normalized: 100, nullScore: -1, perfectScore: 1, falsePositives: 0 })
    expect(nabScore(series, [])).toMatchObject({ raw: -1, normalized: 0 })
    // Only the first detection counts; later ones in the window cost nothing.
    expect(nabScore(series, [40, 45, 59]).raw).toBe(1)
    const late = nabScore(series, [59])
    expect(late.raw).toBeCloseTo(scaledSigmoid(-1 / 20) / scaledSigmoid(-1), 12)
    expect(late.windows[0]).toMatchObject({ detectedAt: 59 })
  })

  it('charges A_FP before the first window, less right after a window, and nothing in the probationary period', () => {
    expect(nabScore(series, [40, 20])).toMatchObject({ falsePositives: 1, falsePositiveScore: -0.11 })
    expect(nabScore(series, [40, 20]).normalized).toBeCloseTo((100 * (1 - 0.11 + 1)) / 2, 10)
    const after = nabScore(series, [40, 70])
    expect(after.falsePositiveScore).toBeCloseTo(scaledSigmoid(11 / 19) * 0.11, 12)
    expect(after.falsePositiveScore).toBeGreaterThan(-0.11)
    expect(nabScore(series, [40, 5])).toMatchObject({ falsePositives: 0, raw: 1 })
  })

  it('uses the cost profile it is given', () => {
    expect(nabScore(series, [], NAB_PROFILES.reward_low_FN_rate)).toMatchObject({ raw: -2, nullScore: -2, normalized: 0 })
    expect(nabScore(series, [40, 20], NAB_PROFILES.reward_low_FP_rate).falsePositiveScore).toBeCloseTo(-0.22, 12)
  })

  it('counts positions in data points and maps detection times onto them', () => {
    const weights = pointWeights(series, NAB_PROFILES.standard)
    expect(weights[40]).toEqual({ weight: 1, window: 0 })
    expect(weights[39]).toEqual({ weight: -0.11, window: -1 })
    expect(detectionIndices([0, 5, 10, 5, 20], [5, 7, 20, 99])).toEqual([1, 2, 4])
    expect(() => nabScore({ timestamps: [0, 1], windows: [{ start: 0, end: 3 }] }, [])).toThrow(/not a timestamp/)
  })
})

describe('NAB scoring against NAB itself (machine temperature, Numenta HTM)', () => {
  const fixture = (name: string) => readFileSync(new URL(`../test/fixtures/nab/${name}`, import.meta.url), 'utf8')
  const time = (text: string) => Date.parse(`${text.slice(0, 19).replace(' ', 'T')}Z`)
  const timestamps = fixture('machine_temperature_system_failure.csv').trim().split('\n').slice(1).map((line) => time(line.split(',')[0]!))
  const windows = (JSON.parse(fixture('combined_windows.json'))['realKnownCause/machine_temperature_system_failure.csv'] as [string, string][]).map(([start, end]) => ({ start: time(start), end: time(end) }))
  const { detections } = JSON.parse(fixture('numenta-machine-temperature-detections.json')) as { detections: string[] }

  it("gives HTM's detections at NAB's standard threshold the score NAB's sweeper gives them", () => {
    const score = nabScore({ timestamps, windows }, detectionIndices(timestamps, detections.map(time)))
    // NAB v1.1's sweeper.scoreDataSet on results/numenta/…machine_temperature… at threshold 0.5126953125: 1.0320175482595122.
    expect(score.raw).toBeCloseTo(1.0320175482595122, 12)
    expect(score.normalized).toBeCloseTo(62.9, 1)
    expect(score.windows.map((window) => window.detectedAt !== null)).toEqual([true, true, true, false])
  })
})
