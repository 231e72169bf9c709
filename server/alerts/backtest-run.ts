/**
 * A backtest over the catalog: the rule's source rows for the range (and the warm-up before it)
 * folded through alerts/ backtest — the same evaluate the live engine runs — answered as the
 * firings, firings per day and the data thinned for a chart. A SQL rule's query runs once, at
 * the end of the range (its tables as they are now: the catalog keeps no earlier query results).
 */
import { backtest, type AlertInput, type Firing, type Rule, type StreamRule } from '../../alerts/index.ts'
import type { ApiFiring, BacktestResult, BacktestSeries } from './alert-schemas.ts'
import { backtestSpan, firingsPerDay, type BacktestSpan } from './backtest-range.ts'
import { readSeriesInputs, withTicks, type CatalogRead } from './catalog-inputs.ts'
import { thinSeries, type Point } from './series-thinning.ts'
import { runSqlRule } from './sql-rule-rows.ts'

export async function runBacktest(read: CatalogRead, rule: Rule, range: { from: string; to: string }): Promise<BacktestResult> {
  const span = backtestSpan(rule, range)
  if (rule.kind === 'sql') {
    const rows = await runSqlRule(read, rule)
    const result = backtest(rule, [{ kind: 'rows', ts: span.to, rows }])
    return answer(span, 'sql', rows.length, result.firings, [])
  }
  const inputs = await readSeriesInputs(read, rule, span.readFrom, span.to)
  const feed: Iterable<AlertInput> = rule.kind === 'stale' ? withTicks(inputs, span.readFrom, span.to) : inputs
  const result = backtest(rule, feed)
  return answer(span, rule.source, inputs.length, result.firings, seriesOf(rule, inputs, span))
}

function answer(span: BacktestSpan, source: string, inputs: number, firings: Firing[], series: BacktestSeries[]): BacktestResult {
  // Firings that ended before the range began were only the warm-up's.
  const shown = firings.filter((firing) => firing.end === null || firing.end >= span.from)
  return {
    from: new Date(span.from).toISOString(),
    to: new Date(span.to).toISOString(),
    source,
    inputs,
    firings: shown.map(apiFiring),
    perDay: firingsPerDay(span.from, span.to, shown.map((firing) => firing.start)),
    series,
  }
}

export function apiFiring(firing: Firing): ApiFiring {
  return { start: new Date(firing.start).toISOString(), end: firing.end === null ? null : new Date(firing.end).toISOString(), labels: firing.labels, peak: Number.isFinite(firing.peak) ? firing.peak : null }
}

/** The values the rule read within the range, per sensor, thinned. */
function seriesOf(rule: StreamRule, inputs: Awaited<ReturnType<typeof readSeriesInputs>>, span: BacktestSpan): BacktestSeries[] {
  const field = rule.kind === 'stale' ? (rule.source === 'sensors.readings' ? 'temperature_c' : 'avg_c') : rule.field
  const bySeries = new Map<string, { labels: Record<string, string>; points: Point[] }>()
  for (const input of inputs) {
    if (input.ts < span.from) continue
    const key = `${input.machine_id}/${input.sensor_id}`
    let series = bySeries.get(key)
    if (series === undefined) bySeries.set(key, (series = { labels: { machine_id: input.machine_id, sensor_id: input.sensor_id }, points: [] }))
    series.points.push([input.ts, (input as unknown as Record<string, number>)[field]!])
  }
  return [...bySeries.values()].map((series) => ({ labels: series.labels, field, points: thinSeries(series.points) }))
}
