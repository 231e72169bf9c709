/**
 * GET /api/alerts/firings on a real `cockpit` process: a rule that fires on the replayed readings
 * of one machine shows up as a firing of that machine (open while it fires, closed once its rule
 * is deleted), not of another machine nor outside the range; a bad range is refused naming its
 * field; managers may read it. Every answer is checked against /api/openapi.json by the harness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveCockpit, type Role, type ServedCockpit } from '../harness/cockpit.ts'

let cockpit: ServedCockpit

beforeAll(async () => {
  cockpit = await serveCockpit({ env: { COCKPIT_SIMULATOR: 'false' } })
}, 300_000)
afterAll(async () => {
  await cockpit?.stop()
})

interface Span { ruleId: number; ruleName: string; severity: string; start: string; end: string | null; labels: Record<string, string> }

const as = async (role: Role, path: string, init?: RequestInit): Promise<Response> => (await cockpit.as(role)).api(path, init)
const firings = async (query: Record<string, string>): Promise<{ firings: Span[]; truncated: boolean }> => {
  const response = await as('manager', `/api/alerts/firings?${new URLSearchParams(query)}`)
  expect(response.status).toBe(200)
  return response.json()
}
const iso = (ms: number): string => new Date(ms).toISOString()

describe('firings over a time range', () => {
  it('lists a firing of the machine asked for while it fires and after it resolved, and refuses a bad range', async () => {
    const began = Date.now()
    // Every replayed reading is above -1000 °C: the rule fires on M01's first reading.
    const always = { name: 'M01 any reading', kind: 'threshold', source: 'sensors.readings', field: 'temperature_c', op: '>', value: -1000, for: '0s', severity: 'warning', filter: { machine_id: 'M01' } }
    const created = await as('engineer', '/api/alerts/rules', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(always) })
    expect(created.status).toBe(201)
    const rule = await created.json()
    const ours = (list: Span[]) => list.filter((span) => span.ruleId === rule.id)

    let open: Span[] = []
    for (const started = Date.now(); Date.now() - started < 60_000 && open.length === 0; await new Promise((resolve) => setTimeout(resolve, 500))) {
      open = ours((await firings({ from: iso(began - 60_000), to: iso(Date.now() + 60_000), machine_id: 'M01' })).firings)
    }
    expect(open.length).toBeGreaterThan(0)
    expect(open[0]).toMatchObject({ ruleName: 'M01 any reading', severity: 'warning', end: null, labels: { machine_id: 'M01' } })
    expect(Date.parse(open[0]!.start)).toBeGreaterThanOrEqual(began - 1_000)
    expect(ours((await firings({ from: iso(began - 60_000), to: iso(Date.now() + 60_000), machine_id: 'M02' })).firings)).toEqual([])
    expect(ours((await firings({ from: iso(began - 120_000), to: iso(began - 60_000) })).firings)).toEqual([])
    expect(ours((await firings({ from: iso(began - 60_000), to: iso(Date.now() + 60_000), ruleId: String(rule.id), sensor_id: open[0]!.labels.sensor_id! })).firings)).toHaveLength(1)

    // Deleting the rule resolves its alerts: the firing is then closed, and still in the range.
    expect((await as('engineer', `/api/alerts/rules/${rule.id}`, { method: 'DELETE' })).status).toBe(204)
    const closed = ours((await firings({ from: iso(began - 60_000), to: iso(Date.now() + 60_000), machine_id: 'M01' })).firings)
    expect(closed.length).toBe(open.length)
    expect(closed.every((span) => span.end !== null && Date.parse(span.end) >= Date.parse(span.start))).toBe(true)
    // A range that begins after it resolved does not have it.
    expect(ours((await firings({ from: iso(Date.now() + 1_000), to: iso(Date.now() + 60_000) })).firings)).toEqual([])

    const badFrom = await as('manager', '/api/alerts/firings?from=yesterday&to=2026-12-01T00:00:00Z')
    expect(badFrom.status).toBe(400)
    expect((await badFrom.json()).error).toMatchObject({ code: 'bad-request', field: 'from' })
    const backwards = await as('manager', '/api/alerts/firings?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z')
    expect(backwards.status).toBe(400)
    expect((await backwards.json()).error).toMatchObject({ code: 'bad-request', field: 'to' })
    const missing = await as('analyst', '/api/alerts/firings?from=2026-12-01T00:00:00Z')
    expect(missing.status).toBe(400)
    expect((await missing.json()).error.field).toBe('to')
  }, 180_000)
})
