/**
 * The live page in Chromium: charts of the temperatures the embedded replay streams, updating;
 * and, on a stream the test writes itself, a sensor that stopped sending, an overflow and a lost
 * connection, each said in words; an alert rule's firing shaded behind the sensor's line, from
 * the alert stream on an open page and from the server on a page opened after it began; and a
 * backtest over a range typed in plant time, refused at its field when it ends before it starts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, signedInPage } from '../harness/browser.ts'
import { serveCockpit, type ServedCockpit } from '../harness/cockpit.ts'
import { toPlantInput } from '../../web/src/alerts/backtest-range.ts'

let cockpit: ServedCockpit
let browser: Browser
let page: Page

beforeAll(async () => {
  cockpit = await serveCockpit({ env: { COCKPIT_SIMULATOR: 'false', COCKPIT_PLANT_TZ: 'Europe/Berlin' } })
  browser = await launchBrowser()
  page = await signedInPage(browser, cockpit.url, await cockpit.as('admin'))
})
afterAll(async () => {
  await browser?.close()
  await cockpit?.stop()
})

/** The `d` of each sensor's line, by sensor. */
const lines = (p: Page): Promise<Record<string, string | null>> =>
  p.getByTestId('sensor-card').evaluateAll((cards) =>
    Object.fromEntries(cards.map((card) => [card.getAttribute('data-sensor') ?? '', card.querySelector('[data-testid="sensor-chart"] g[aria-label="line"] path')?.getAttribute('d') ?? null])),
  )

describe('the live page', () => {
  it('draws a line chart per replayed sensor that grows as readings stream in, with the current value in °C', async () => {
    await page.goto(`${cockpit.url}/#/live`)
    await page.getByTestId('live-sensors').waitFor()
    expect(await page.getByTestId('stream-status').textContent()).toBe('live')
    const cards = page.getByTestId('sensor-card')
    await expect.poll(() => cards.evaluateAll((all) => all.map((card) => card.getAttribute('data-sensor'))), { timeout: 10_000 }).toEqual(['M01-T1', 'M02-T1', 'M03-T1', 'M04-T1'])

    // Every sensor has a drawn line (a path with at least one segment once two readings came).
    await expect.poll(async () => Object.values(await lines(page)).every((d) => d !== null && /L/.test(d)), { timeout: 10_000 }).toBe(true)
    const before = await lines(page)
    const first = await cards.first().getByTestId('temperature').textContent()
    expect(first).toMatch(/^-?\d+(\.\d)? °C$/)
    // The lines change as readings arrive (new points, and the window sliding).
    await expect.poll(async () => {
      const after = await lines(page)
      return Object.keys(before).every((sensor) => after[sensor] !== before[sensor])
    }, { timeout: 10_000 }).toBe(true)
    await expect.poll(() => cards.first().getByTestId('temperature').textContent(), { timeout: 10_000 }).not.toBe(first)
    expect(await page.getByText(/times in Europe\/Berlin/).count()).toBe(1)
    expect(await page.getByTestId('stale').count()).toBe(0)
  })

  it('switches the window, and says which period a chart covers', async () => {
    await page.getByRole('button', { name: '5 min', exact: true }).click()
    expect(await page.getByRole('button', { name: '5 min', exact: true }).getAttribute('aria-pressed')).toBe('true')
    expect(await page.getByTestId('sensor-chart').first().getAttribute('aria-label')).toBe('M01-T1, last 5 minutes')
  })

  it('shades a firing rule’s span behind its sensor’s line, open while it fires and closed once it resolves', async () => {
    const engineer = await cockpit.as('engineer')
    // Every replayed reading is above -1000 °C: the rule fires on M01's next reading.
    const always = { name: 'M01 any reading', kind: 'threshold', source: 'sensors.readings', field: 'temperature_c', op: '>', value: -1000, for: '0s', severity: 'critical', filter: { machine_id: 'M01' } }
    const created = await engineer.api('/api/alerts/rules', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(always) })
    expect(created.status).toBe(201)
    const rule = await created.json()
    const spans = (p: Page, sensor: string) => p.locator(`[data-sensor="${sensor}"] [data-testid="sensor-chart"] svg rect[aria-label^="firing: M01 any reading"]`)

    // The open page hears it on the alert stream.
    await spans(page, 'M01-T1').first().waitFor({ timeout: 30_000 })
    expect(await spans(page, 'M01-T1').first().getAttribute('aria-label')).toMatch(/^firing: M01 any reading, critical, \d\d:\d\d:\d\d( [AP]M)? \S+–now$/)
    expect(await page.locator('[data-sensor="M01-T1"] [data-testid="sensor-chart"] svg text').filter({ hasText: '✖ M01 any reading' }).count()).toBeGreaterThan(0)
    expect(await spans(page, 'M02-T1').count()).toBe(0)

    // A page opened after it began asks the server for the window's firings.
    const later = await signedInPage(browser, cockpit.url, await cockpit.as('manager'))
    await later.goto(`${cockpit.url}/#/live`)
    await spans(later, 'M01-T1').first().waitFor({ timeout: 10_000 })
    expect(await spans(later, 'M02-T1').count()).toBe(0)
    await later.context().close()

    // Deleting the rule resolves the alert: the span ends, and stays drawn over the minutes it covered.
    expect((await engineer.api(`/api/alerts/rules/${rule.id}`, { method: 'DELETE' })).status).toBe(204)
    await expect.poll(async () => (await spans(page, 'M01-T1').first().getAttribute('aria-label')) ?? '', { timeout: 10_000 }).not.toMatch(/–now$/)
  })

  it('shows a sensor that stopped sending as stale since its last reading, an overflow, a degraded sensor source and a lost connection', async () => {
    const own = await signedInPage(browser, cockpit.url, await cockpit.as('admin'))
    const now = Date.now()
    const sensor = (sensorId: string, ts: number, temperatureC: number) => ({
      sensorId,
      machineId: sensorId.slice(0, 3),
      latest: { ts, temperatureC },
      window: { sensorId, machineId: sensorId.slice(0, 3), windowStart: ts - (ts % 60_000), windowEnd: ts - (ts % 60_000) + 60_000, n: 3, minC: 70, maxC: 72, avgC: 71, stddevC: 1, firstC: 70, lastC: temperatureC },
    })
    const events = [
      // No reconnection during the test: the lost-connection state stays on screen.
      'retry: 600000\n\n',
      `event: hello\nid: 1\ndata: ${JSON.stringify({ sensors: [sensor('M01-T1', now - 5 * 60_000, 70.5), sensor('M02-T1', now - 1_000, 65)] })}\n\n`,
      `event: live\nid: 2\ndata: ${JSON.stringify({ sensors: [sensor('M02-T1', now - 500, 65.5)] })}\n\n`,
      `event: overflow\nid: 3\ndata: ${JSON.stringify({ dropped: 1234, sensors: [sensor('M02-T1', now, 66)] })}\n\n`,
    ]
    await own.route('**/api/stream/sensors', (route) => route.fulfill({ status: 200, headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }, body: events.join('') }))
    // A sensor source that reports trouble, as /api/health would.
    await own.route('**/api/health', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ status: 'degraded', version: '0', mode: 'plant', components: { sensorSource: { status: 'degraded', message: 'Kafka at 10.0.0.5:9092 not answering' } } }) }))
    // Only this stream: the replay's readings in the catalog would be newer than its stale one.
    await own.route('**/api/query', (route) => route.fulfill({ status: 403, contentType: 'application/json', body: JSON.stringify({ error: { code: 'forbidden', message: 'not in this test' } }) }))
    await own.goto(`${cockpit.url}/#/live`)

    const stale = own.locator('[data-sensor="M01-T1"]').getByTestId('stale')
    await stale.waitFor()
    expect(await stale.textContent()).toMatch(/No reading since \d\d:\d\d:\d\d( [AP]M)? (CET|CEST|GMT\+\d) \(5 min\. ago\)/)
    expect(await own.locator('[data-sensor="M02-T1"]').getByTestId('stale').count()).toBe(0)
    expect(await own.locator('[data-sensor="M02-T1"]').getByTestId('temperature').textContent()).toBe('66.0 °C')
    expect(await own.getByTestId('overflow').textContent()).toContain('skipped 1,234 updates')
    expect(await own.getByTestId('source-health').textContent()).toContain('Sensor source degraded: Kafka at 10.0.0.5:9092 not answering')

    // The test's stream ends after its events: the connection is lost, and the page says so.
    await own.getByTestId('connection-lost').waitFor()
    expect(await own.getByTestId('connection-lost').textContent()).toMatch(/Connection to the cockpit lost at \d\d:\d\d:\d\d( [AP]M)? \S+ — reconnecting/)
    expect(await own.getByTestId('stream-status').textContent()).toBe('reconnecting')
    await own.context().close()
  })

  it('opens with the minutes before it already drawn, from the catalog’s readings', async () => {
    // Wait until the replay's commits hold some readings of M01-T1.
    const held = async () => {
      const answer = await cockpit.api('/api/query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql: "SELECT count(*)::INTEGER FROM sensors.readings WHERE sensor_id = 'M01-T1'" }) })
      return ((await answer.json()) as { rows: [number][] }).rows[0]![0]
    }
    await expect.poll(held, { timeout: 30_000, interval: 1_000 }).toBeGreaterThanOrEqual(20)
    // A stream that gives one reading only: every segment of the line comes from the catalog (thinned to one point per 2 s).
    const own = await signedInPage(browser, cockpit.url, await cockpit.as('engineer'))
    const now = Date.now()
    const hello = { sensors: [{ sensorId: 'M01-T1', machineId: 'M01', latest: { ts: now, temperatureC: 80 }, window: { sensorId: 'M01-T1', machineId: 'M01', windowStart: now - (now % 60_000), windowEnd: now - (now % 60_000) + 60_000, n: 1, minC: 80, maxC: 80, avgC: 80, stddevC: null, firstC: 80, lastC: 80 } }] }
    await own.route('**/api/stream/sensors', (route) => route.fulfill({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: `retry: 600000\n\nevent: hello\nid: 1\ndata: ${JSON.stringify(hello)}\n\n` }))
    await own.goto(`${cockpit.url}/#/live`)
    const segments = async () => (((await lines(own))['M01-T1'] ?? '').match(/L/g) ?? []).length
    await expect.poll(segments, { timeout: 10_000 }).toBeGreaterThanOrEqual(4)
    await own.context().close()
  })

  it('backtests a rule over a range typed in plant time, and says at the field when the range ends before it starts', async () => {
    // The previous test waited for the replay's readings in the catalog; this rule, off, fires on any of M01-T1's.
    const always = { name: 'M01-T1 any reading', kind: 'threshold', source: 'sensors.readings', field: 'temperature_c', op: '>', value: -1000, for: '0s', severity: 'info', enabled: false, filter: { sensor_id: 'M01-T1' } }
    const created = await (await cockpit.as('engineer')).api('/api/alerts/rules', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(always) })
    const rule = await created.json()
    await page.goto(`${cockpit.url}/#/alerts/rules/${rule.id}`)
    await page.getByTestId('backtest-range').selectOption({ label: 'a range of my own…' })
    const now = Date.now()
    const plant = (ms: number) => toPlantInput(new Date(ms), 'Europe/Berlin')
    await page.getByTestId('backtest-from').fill(plant(now - 15 * 60_000))
    await page.getByTestId('backtest-to').fill(plant(now - 30 * 60_000))
    await page.getByRole('button', { name: 'Run backtest' }).click()
    expect(await page.locator('#backtest-to-error').textContent()).toBe('must be after the start')
    expect(await page.getByTestId('backtest-to').getAttribute('aria-invalid')).toBe('true')
    expect(await page.getByTestId('backtest-summary').count()).toBe(0)

    await page.getByTestId('backtest-to').fill(plant(now + 2 * 60_000))
    expect(await page.locator('#backtest-to-error').count()).toBe(0)
    await page.getByRole('button', { name: 'Run backtest' }).click()
    const summary = page.getByTestId('backtest-summary')
    await summary.waitFor({ timeout: 60_000 })
    // "1 firing over 1,234 readings, 03/12/2026, 20:05 – …": it fired, over the typed range.
    expect(await summary.textContent()).toMatch(/^[1-9][\d,.]* firings? over [1-9][\d,.]* readings/)
    expect(await page.getByTestId('backtest-chart').locator('svg').first().getAttribute('aria-label')).toMatch(/^M01-T1 any reading: firings over the range /)
  })
})
