/**
 * The embedded sensor stream end to end: the NAB replay feeds live SSE events (filtered by
 * machine) and commits readings to sensors.readings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveCockpit, type ServedCockpit } from '../harness/cockpit.ts'
import { takeSseEvents, type SseEvent } from '../harness/sse-events.ts'

let cockpit: ServedCockpit
beforeAll(async () => {
  cockpit = await serveCockpit({ env: { COCKPIT_SIMULATOR: 'false' } })
})
afterAll(() => cockpit?.stop())

/** Reads SSE events from a response body until `enough` says stop. */
async function readEvents(response: Response, enough: (events: SseEvent[]) => boolean): Promise<SseEvent[]> {
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  const events: SseEvent[] = []
  let buffer = ''
  while (!enough(events)) {
    const { value, done } = await reader.read()
    if (done) break
    buffer = takeSseEvents(buffer + decoder.decode(value, { stream: true }), events)
  }
  await reader.cancel()
  return events
}

describe('the live sensor stream', () => {
  it('streams live temperatures of the machines asked for', async () => {
    const response = await cockpit.api(`/api/stream/sensors?machine=M02`)
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    const events = await readEvents(response, (seen) => seen.filter((e) => e.event === 'live').length >= 3)
    expect(events[0]!.event).toBe('hello')
    const live = events.filter((e) => e.event === 'live')
    for (const event of live) {
      expect(Number(event.id)).toBeGreaterThan(0)
      for (const sensor of event.data.sensors) {
        expect(sensor).toMatchObject({ sensorId: 'M02-T1', machineId: 'M02', window: { n: expect.any(Number) } })
        expect(sensor.latest.temperatureC).toBeGreaterThan(0)
      }
    }
  })

  it('commits the replayed readings to sensors.readings', async () => {
    for (let i = 0; i < 100; i++) {
      const response = await cockpit.api(`/api/sql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql: "SELECT count(*) AS n, count(DISTINCT machine_id) AS machines FROM sensors.readings" }) })
      if (response.ok) {
        const { rows } = await response.json()
        if (Number(rows[0][0]) > 0) {
          expect(rows[0][1]).toBe('4')
          return
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    throw new Error('no readings were committed')
  })
})

describe('metrics', () => {
  it('exposes the stream counters in Prometheus text format', async () => {
    const response = await cockpit.api(`/api/metrics`)
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4')
    const text = await response.text()
    expect(text).toMatch(/^# TYPE cockpit_sensor_readings_total counter$/m)
    expect(Number(/^cockpit_sensor_readings_total (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0)
    expect(text).toMatch(/^cockpit_sse_clients \d+$/m)
  })
})
