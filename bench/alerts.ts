/**
 * Alert rules on real failures (issue 15): the built-in templates backtested over NAB's
 * machine-temperature and ambient-temperature series (test/fixtures/nab, MIT), judged against
 * NAB's labelled windows — windows caught, first detection relative to each window's start, false
 * alerts per week outside the windows, NAB standard-profile score of the firing starts — beside the
 * issue's reference figures. Then the evaluator's throughput: readings folded per second.
 * The series are read as the readings of one sensor (source sensors.readings, field temperature_c).
 */
import { backtest, fromTemplate, judgeFirings, parseRule, type AlertInput, type Firing, type LabelledReport, type Rule, type TemplateId } from '../alerts/index.ts'
import { loadNabSeries, numentaDetections, readingsOf, type RecordedSeries } from '../test/fixtures/nab-series.ts'
import type { Benchmark } from './run.ts'

const SERIES = ['machine_temperature_system_failure', 'ambient_temperature_system_failure']
const TEMPLATE_IDS: TemplateId[] = ['deviation', 'rate-of-change', 'flatline', 'stale']
const onReadings = { source: 'sensors.readings', field: 'temperature_c' }
const HOUR = 3_600_000
const THROUGHPUT_SENSORS = 500
const THROUGHPUT_READINGS = Number(process.env.BENCH_ALERTS_READINGS ?? 2_000_000)

interface Candidate {
  label: string
  rule: Rule
}

function candidates(): Candidate[] {
  const templates = TEMPLATE_IDS.map((id) => {
    const rule = id === 'stale' ? fromTemplate(id, { source: 'sensors.readings' }) : fromTemplate(id, onReadings)
    return { label: `template ${id}`, rule }
  })
  return [
    ...templates,
    // The references, rebuilt as rules: a plain rolling z-score (no floor, no pending, no hysteresis) and "value < 50".
    { label: 'ref: rolling z 6h/4σ, bare (no floor, no pending, clear below 4σ)', rule: parseRule({ name: 'bare z', kind: 'deviation', ...onReadings, z: 4, baseline: '6h', minStd: 1e-9, clearZ: 4 }) },
    { label: 'ref: value < 50', rule: parseRule({ name: 'below 50', kind: 'threshold', ...onReadings, op: '<', value: 50 }) },
  ]
}

/** The readings, with a clock tick each minute between them for rules that need the clock. */
function inputsOf(series: RecordedSeries, rule: Rule): AlertInput[] {
  const readings = readingsOf(series)
  if (rule.kind !== 'stale') return readings
  const inputs: AlertInput[] = []
  for (const reading of readings) {
    const previous = inputs.at(-1)?.ts ?? reading.ts
    for (let ts = previous + 60_000; ts < reading.ts; ts += 60_000) inputs.push({ kind: 'tick', ts })
    inputs.push(reading)
  }
  return inputs
}

const hours = (ms: number | null): string => (ms === null ? 'missed' : `${ms >= 0 ? '+' : ''}${(ms / HOUR).toFixed(1)} h`)

function row(series: RecordedSeries, label: string, report: LabelledReport, firings: number): string {
  const detections = report.windows.map((window) => hours(window.firstDetection)).join(', ')
  return `| ${series.name.replace('_system_failure', '')} | ${label} | ${report.caught}/${report.windows.length} | ${detections} | ${report.falseAlerts} (${report.falsePerWeek.toFixed(2)}/week) | ${firings} | ${report.nab.normalized.toFixed(1)} |`
}

function backtests(): void {
  console.log('| series | rule | windows caught | first detection (from window start) | false alerts | firings | NAB standard |')
  console.log('| --- | --- | --- | --- | --- | --- | --- |')
  for (const name of SERIES) {
    const series = loadNabSeries(name)
    for (const { label, rule } of candidates()) {
      const { firings } = backtest(rule, inputsOf(series, rule))
      console.log(row(series, label, judgeFirings(series, firings), firings.length))
    }
    if (name.startsWith('machine')) {
      // NAB's own HTM output thresholded as NAB does, each detection a one-point "firing", through the same judge.
      const firings: Firing[] = numentaDetections().map((start) => ({ start, end: start, labels: {}, peak: Number.NaN }))
      console.log(row(series, 'ref: Numenta HTM (NAB results, threshold 0.5127)', judgeFirings(series, firings), firings.length))
    }
  }
  console.log('\nThe machine windows are 567 points (47 h) long, the ambient ones 15 and 22 days; NAB puts the labelled failure in the middle of each.')
  console.log('Issue 15 references on machine-temperature: Numenta HTM 67.0; rolling z-score (6 h, 4σ): all 4 windows, 26 false alerts; "value < 50": 71.6, misses the Jan 27–29 precursor.')
  console.log('(67.0 is NAB v1.0\'s per-file score of HTM, the sum of the S(t)_standard column of its results file; scored by NAB v1.1\'s sweeper, as here, the same detections give 62.9.)')
  console.log('Goal for the default deviation template: all 4 windows incl. the precursor, ≤ 1 false alert/week, score above 67.0.')
  pendingSensitivity()
}

/** How the template's figures move with its pending period alone (the template uses 15 min): the choice shown, not hidden. */
function pendingSensitivity(): void {
  const series = loadNabSeries(SERIES[0]!)
  console.log('\nThe deviation template on machine_temperature with other pending periods (everything else as shipped):')
  console.log('| pending | windows caught | first detection | false alerts | NAB standard |')
  console.log('| --- | --- | --- | --- | --- |')
  for (const pending of ['10m', '15m', '20m', '30m']) {
    const rule = fromTemplate('deviation', { ...onReadings, for: pending })
    const report = judgeFirings(series, backtest(rule, readingsOf(series)).firings)
    const detections = report.windows.map((window) => hours(window.firstDetection)).join(', ')
    console.log(`| ${pending} | ${report.caught}/${report.windows.length} | ${detections} | ${report.falseAlerts} (${report.falsePerWeek.toFixed(2)}/week) | ${report.nab.normalized.toFixed(1)} |`)
  }
}

/** Readings of many sensors interleaved in time (one each 10 s, so a deviation baseline warms up), a slow sine with noise, a step now and then. */
function syntheticReadings(count: number): AlertInput[] {
  const inputs: AlertInput[] = []
  let seed = 42
  const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648)
  for (let i = 0; i < count; i += 1) {
    const sensor = i % THROUGHPUT_SENSORS
    const ts = Date.UTC(2026, 0, 1) + Math.floor(i / THROUGHPUT_SENSORS) * 10_000
    const step = Math.floor(ts / 3_600_000) % 17 === sensor % 17 ? 25 : 0
    inputs.push({ kind: 'reading', ts, machine_id: `M${sensor % 50}`, sensor_id: `S${sensor}`, temperature_c: 70 + 5 * Math.sin(ts / 3_600_000 + sensor) + random() + step })
  }
  return inputs
}

function throughput(): void {
  const inputs = syntheticReadings(THROUGHPUT_READINGS)
  console.log(`\nThroughput: ${THROUGHPUT_READINGS.toLocaleString('en')} readings of ${THROUGHPUT_SENSORS} sensors (one each 10 s: ${((THROUGHPUT_READINGS / THROUGHPUT_SENSORS) * 10 / 3600).toFixed(1)} h of data) folded through one rule, in one thread`)
  console.log('| rule | readings/s | firings |')
  console.log('| --- | --- | --- |')
  for (const id of ['threshold', 'deviation', 'rate-of-change', 'flatline'] as const) {
    const rule = fromTemplate(id, id === 'threshold' ? { ...onReadings, value: 78 } : onReadings)
    const started = performance.now()
    const { firings } = backtest(rule, inputs)
    const seconds = (performance.now() - started) / 1000
    console.log(`| template ${id} | ${Math.round(THROUGHPUT_READINGS / seconds).toLocaleString('en')} | ${firings.length} |`)
  }
  console.log('Goal (issue 15, live): 10,000 readings/s.')
}

export const alertsBenchmark: Benchmark = {
  name: 'alerts',
  description: 'alert templates backtested on NAB machine/ambient temperature (windows caught, false alerts, NAB score); evaluator throughput',
  async run() {
    backtests()
    throughput()
  },
}
