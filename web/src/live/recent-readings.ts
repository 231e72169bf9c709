/**
 * The readings the catalog already holds for the window (the stream only sends what happens
 * from now on), so a chart opened mid-shift shows its last minutes at once. Thinned to the last
 * reading of each sensor per 2 s, which a chart a few hundred pixels wide cannot tell apart and
 * which keeps the answer small with hundreds of sensors (newest first, so a cut answer loses the oldest). Needs the right to query the catalog;
 * without it (managers) the charts fill from the stream alone.
 */
import type { Point } from './rolling-buffer.ts'

export interface RecentSeries {
  sensorId: string
  machineId: string | null
  points: Point[]
}

const ROW_LIMIT = 100_000

export async function fetchRecentReadings(windowMs: number): Promise<RecentSeries[] | undefined> {
  const seconds = Math.ceil(windowMs / 1000)
  const sql = `SELECT sensor_id, any_value(machine_id) AS machine_id, epoch_ms(max(ts))::DOUBLE AS ts, arg_max(temperature_c, ts) AS temperature_c
FROM sensors.readings WHERE ts >= now() - to_seconds(${seconds}) GROUP BY sensor_id, time_bucket(INTERVAL 2 SECOND, ts) ORDER BY ts DESC`
  try {
    const response = await fetch('/api/query', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ sql, limit: ROW_LIMIT }),
    })
    if (!response.ok) return undefined
    const body = (await response.json()) as { rows: [string, string | null, number, number][] }
    return groupBySensor(body.rows)
  } catch {
    return undefined
  }
}

export function groupBySensor(rows: [string, string | null, number, number][]): RecentSeries[] {
  const bySensor = new Map<string, RecentSeries>()
  for (const [sensorId, machineId, ts, temperatureC] of rows) {
    let series = bySensor.get(sensorId)
    if (series === undefined) bySensor.set(sensorId, (series = { sensorId, machineId, points: [] }))
    series.points.push({ ts, temperatureC })
  }
  return [...bySensor.values()]
}
