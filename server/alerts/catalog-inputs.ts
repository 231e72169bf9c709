/**
 * What a stream rule would have read, from the catalog: the readings or closed one-minute
 * windows of a range, through the SQL service (the sandbox, the user's queue), as alerts/
 * inputs in event-time order — with a clock tick each minute for stale rules, as the live
 * engine ticks. The rule's scope filter narrows the query; alerts/ applies it again.
 */
import type { AlertInput, ReadingInput, StreamRule, TickInput, WindowInput } from '../../alerts/index.ts'
import { getTable, type Catalog } from '../../catalog/index.ts'
import { badRequest } from '../http/api-error.ts'
import { runSql, type SqlService } from '../sql/sql-service.ts'

export const TICK_MS = 60_000

export interface CatalogRead {
  sql: SqlService
  catalog: Catalog
  user: string
  signal?: AbortSignal
}

export async function readSeriesInputs(read: CatalogRead, rule: StreamRule, from: number, to: number): Promise<(ReadingInput | WindowInput)[]> {
  // A catalog without sensor data yet has nothing to backtest over: no firings, not an SQL error.
  if ((await getTable(read.catalog, rule.source)) === undefined) return []
  const { sql, params } = rule.source === 'sensors.readings' ? readingsQuery(rule, from, to) : windowsQuery(rule, from, to)
  const result = await runSql(read.sql, { sql, params, limit: read.sql.maxRows, user: read.user, signal: read.signal })
  if (result.truncated) throw badRequest('to', `the range holds more than ${read.sql.maxRows} rows of ${rule.source}; backtest a shorter range or a narrower filter`)
  const names = result.columns.map((column) => column.name)
  return result.rows.map((row) => toInput(rule, names, row))
}

/** The inputs with a tick at every minute boundary up to `to`, in event-time order. */
export function* withTicks(inputs: Iterable<AlertInput>, from: number, to: number): Generator<AlertInput> {
  let next = Math.ceil(from / TICK_MS) * TICK_MS
  for (const input of inputs) {
    for (; next <= input.ts; next += TICK_MS) yield tick(next)
    yield input
  }
  for (; next < to; next += TICK_MS) yield tick(next)
}

function tick(ts: number): TickInput {
  return { kind: 'tick', ts }
}

function scopeSql(rule: StreamRule, params: (string | number)[]): string {
  const clauses: string[] = []
  for (const name of ['machine_id', 'sensor_id'] as const) {
    const wanted = rule.filter[name]
    if (wanted === undefined) continue
    const values = typeof wanted === 'string' ? [wanted] : wanted
    clauses.push(`${name} in (${values.map((value) => `$${params.push(value)}`).join(', ')})`)
  }
  return clauses.map((clause) => ` and ${clause}`).join('')
}

function readingsQuery(rule: StreamRule, from: number, to: number): { sql: string; params: (string | number)[] } {
  const params: (string | number)[] = [from, to]
  const sql = `select machine_id, sensor_id, epoch_ms(ts) as ts, temperature_c from sensors.readings where ts >= to_timestamp($1 / 1000.0) and ts < to_timestamp($2 / 1000.0)${scopeSql(rule, params)} order by ts, machine_id, sensor_id`
  return { sql, params }
}

function windowsQuery(rule: StreamRule, from: number, to: number): { sql: string; params: (string | number)[] } {
  const params: (string | number)[] = [from, to]
  // A window is known when it closes: its end is its time, as the live engine sees it.
  const sql = `select machine_id, sensor_id, epoch_ms(window_start) as start, epoch_ms(window_end) as ts, n, min_c, max_c, avg_c, stddev_c, first_c, last_c from sensors.windows_1m where window_end > to_timestamp($1 / 1000.0) and window_end <= to_timestamp($2 / 1000.0)${scopeSql(rule, params)} order by window_end, machine_id, sensor_id`
  return { sql, params }
}

function toInput(rule: StreamRule, names: string[], row: unknown[]): ReadingInput | WindowInput {
  const value = (name: string): unknown => row[names.indexOf(name)]
  const number = (name: string): number => Number(value(name))
  const labels = { machine_id: String(value('machine_id')), sensor_id: String(value('sensor_id')) }
  if (rule.source === 'sensors.readings') return { kind: 'reading', ...labels, ts: number('ts'), temperature_c: number('temperature_c') }
  return { kind: 'window', ...labels, ts: number('ts'), start: number('start'), n: number('n'), min_c: number('min_c'), max_c: number('max_c'), avg_c: number('avg_c'), stddev_c: number('stddev_c'), first_c: number('first_c'), last_c: number('last_c') }
}
