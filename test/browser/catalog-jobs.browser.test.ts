/**
 * The catalog browser and the jobs view in Chromium, on an embedded cockpit whose simulator's
 * dumps were ingested at start: a table's columns, snapshots and rows, quarantined rows and
 * files in their tab, and a run started from the page.
 */
import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, signedInPage } from '../harness/browser.ts'
import { serveCockpit, type ServedCockpit } from '../harness/cockpit.ts'

let cockpit: ServedCockpit
let browser: Browser
let page: Page

/** The rows of one job's runs, newest first (a KPI rebuild's trigger names the MES job, so match the job column). */
const runsOf = (job: string) => page.getByTestId('job-runs').locator('tbody tr').filter({ has: page.locator('td:nth-child(2)').getByText(job, { exact: true }) })

beforeAll(async () => {
  cockpit = await serveCockpit({ env: { COCKPIT_PLANT_TZ: 'Europe/Berlin' } })
  // The ingestion run ends at its commit; the KPI job it triggers then runs on its own.
  for (const job of ['mes-ingest', 'kpi-rebuild']) {
    for (let i = 0; i < 300; i++) {
      const { runs } = (await cockpit.api(`/api/jobs?job=${job}`).then((r) => r.json())) as { runs: { status: string }[] }
      if (runs.some((run) => run.status === 'succeeded')) break
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
  browser = await launchBrowser()
  page = await signedInPage(browser, cockpit.url, await cockpit.as('admin'))
})
afterAll(async () => {
  await browser?.close()
  await cockpit?.stop()
})

describe('the catalog browser', () => {
  it('lists the tables; a click shows a table’s columns, key, quality, lineage, snapshots and first rows', async () => {
    await page.goto(`${cockpit.url}/#/catalog`)
    const tables = page.getByTestId('catalog-tables')
    await tables.waitFor()
    const names = await tables.getByRole('option').locator('.name').allTextContents()
    expect(names).toEqual(expect.arrayContaining(['mes.orders', 'kpi.machine_daily', 'quarantine.mes_rows', 'raw.production_counts']))
    // Row counts in the reader's locale (Chromium's here is en-US).
    expect(await tables.getByRole('option', { name: /raw\.production_counts/ }).textContent()).toMatch(/raw · \d{1,3}(,\d{3})* rows/)

    await tables.getByRole('option', { name: /^mes\.orders/ }).click()
    const detail = page.getByTestId('table-detail')
    expect(await detail.getByRole('heading', { level: 2 }).textContent()).toBe('mes.orders')
    const columns = detail.getByTestId('table-columns')
    await columns.waitFor()
    expect(await columns.locator('tbody tr', { hasText: 'order_id' }).textContent()).toMatch(/order_id\s*VARCHAR\s*key/)
    expect(await columns.locator('tbody tr', { hasText: 'planned_qty' }).textContent()).toContain('BIGINT')
    await detail.getByTestId('table-snapshots').waitFor()
    expect(await detail.getByTestId('table-snapshots').locator('tbody tr').count()).toBeGreaterThan(0)
    expect(await detail.getByTestId('table-lineage').textContent()).toContain('orders/')
    const preview = detail.getByTestId('table-preview')
    await preview.waitFor()
    expect(await preview.locator('thead th').first().textContent()).toContain('order_id')
    expect(await preview.locator('tbody tr').count()).toBe(50)
    expect(await preview.locator('tbody tr td').first().textContent()).toMatch(/^WO-/)
    expect(page.url()).toMatch(/#\/catalog\/mes\.orders$/)

    // "Insert into editor" announces the table for the notebook editor.
    await page.evaluate(() => window.addEventListener('cockpit:insert', (e) => ((window as unknown as { inserted: unknown }).inserted = (e as CustomEvent).detail)))
    await detail.getByRole('button', { name: 'Insert into editor' }).click()
    expect(await page.evaluate(() => (window as unknown as { inserted: unknown }).inserted)).toEqual({ text: 'mes.orders', kind: 'table', table: 'mes.orders' })
  })

  it('moves through the table list with the keyboard and opens a table with Enter', async () => {
    await page.goto(`${cockpit.url}/#/catalog/mes.orders`)
    const tables = page.getByTestId('catalog-tables')
    await page.getByTestId('table-columns').waitFor()
    await tables.focus()
    await page.keyboard.press('Home')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    const second = (await tables.getByRole('option').nth(1).locator('.name').textContent())!
    await expect.poll(() => page.getByTestId('table-detail').getByRole('heading', { level: 2 }).textContent()).toBe(second)
    expect(await tables.getByRole('option', { selected: true }).locator('.name').textContent()).toBe(second)
  })

  it('shows quarantined files and rows in their own tab, with reasons and origin', async () => {
    await page.goto(`${cockpit.url}/#/catalog`)
    await page.getByRole('tab', { name: /^Quarantine/ }).click()
    const files = page.getByTestId('quarantined-files')
    await files.waitFor()
    const fileRow = await files.locator('tbody tr').first().textContent()
    expect(fileRow).toContain('production_counts/corrupt-truncated.parquet')
    expect(fileRow).toContain('cannot read as parquet')

    const rows = page.getByTestId('quarantined-rows')
    await rows.waitFor()
    const header = await rows.locator('thead th').allTextContents()
    expect(header.slice(0, 4)).toEqual(['file', 'line', 'row', 'reason'])
    expect(await rows.locator('tbody tr').count()).toBeGreaterThan(0)
    const reasons = await rows.locator('tbody tr td:nth-child(4)').allTextContents()
    expect(reasons.every((reason) => /^[a-z_]+: |^malformed /.test(reason))).toBe(true)
    const origins = await rows.locator('tbody tr td:nth-child(1)').allTextContents()
    expect(origins.every((file) => /^(orders|machine_states|production_counts|quality_inspections)\/2\d{3}-\d\d-\d\d\./.test(file))).toBe(true)
    // The tables tab does not list them.
    expect(await page.getByTestId('catalog-tables').count()).toBe(0)
  })
})

describe('the jobs view', () => {
  it('shows the start-up ingestion with its counts in plant time, and starts a run on demand', async () => {
    await page.goto(`${cockpit.url}/#/jobs`)
    const runs = page.getByTestId('job-runs')
    await runs.waitFor()
    expect(await runs.locator('thead').textContent()).toContain('Started (Europe/Berlin)')
    const ingest = runs.locator('tbody tr', { hasText: 'mes-ingest' }).last()
    expect(await ingest.textContent()).toMatch(/start\s*succeeded/)
    expect(await ingest.textContent()).toContain('28 ingested · 0 skipped · 1 file quarantined')

    await page.getByRole('button', { name: 'Run mes-ingest now' }).click()
    await page.getByRole('status').waitFor()
    await runs.locator('tbody tr', { hasText: 'manual' }).first().waitFor()
    await expect.poll(async () => runs.locator('tbody tr', { hasText: 'manual' }).first().textContent(), { timeout: 20_000 }).toContain('succeeded')
  })

  it('runs the plant simulator on demand: a recorded run with its counts, a notice naming the job that goes away, then the new day ingested', async () => {
    // Take the newest simulated day away, as if the plant's export of it had not landed yet.
    const landing = join(cockpit.dataDir, 'landing')
    const day = readdirSync(join(landing, 'orders')).map((name) => name.slice(0, 10)).sort().at(-1)!
    for (const dataset of ['orders', 'machine_states', 'production_counts', 'quality_inspections']) {
      for (const name of readdirSync(join(landing, dataset)).filter((n) => n.startsWith(day))) rmSync(join(landing, dataset, name))
    }
    const simulatorRuns = async () => ((await cockpit.api('/api/jobs?job=plant-simulator').then((r) => r.json())) as { runs: { trigger: string; status: string; summary: Record<string, unknown> | null }[] }).runs
    expect((await simulatorRuns()).map((run) => run.trigger)).toEqual(['start'])
    const ingestRuns = (await cockpit.api('/api/jobs?job=mes-ingest').then((r) => r.json())) as { runs: unknown[] }

    await page.goto(`${cockpit.url}/#/jobs`)
    const runs = page.getByTestId('job-runs')
    await runs.waitFor()
    await page.getByRole('button', { name: 'Run plant-simulator now' }).click()
    // An earlier test's notice (mes-ingest) may still be showing: wait for this run's own.
    const notice = page.getByTestId('notice').filter({ hasText: 'plant-simulator: run started' })
    await notice.waitFor()

    // The run is recorded, with what it wrote.
    const run = runsOf('plant-simulator').filter({ hasText: 'manual' }).first()
    await expect.poll(async () => run.textContent(), { timeout: 30_000 }).toContain('succeeded')
    expect(await run.getByTestId('run-counts').textContent()).toMatch(new RegExp(`^1 day written \\(${day}\\) · 4 files · [\\d,.\\s]+ rows$`))
    expect((await simulatorRuns())[0]).toMatchObject({ trigger: 'manual', status: 'succeeded', summary: { daysWritten: 1, from: day, to: day, daysPresent: 6, files: 4 } })

    // The notice goes away by itself.
    await expect.poll(async () => notice.count(), { timeout: 10_000 }).toBe(0)

    // Its work reaches the catalog: a MES run follows and ingests the day's four new files.
    const ingest = runsOf('mes-ingest').first()
    await expect.poll(async () => ((await cockpit.api('/api/jobs?job=mes-ingest').then((r) => r.json())) as { runs: unknown[] }).runs.length, { timeout: 30_000 }).toBe(ingestRuns.runs.length + 1)
    await expect.poll(async () => ingest.textContent(), { timeout: 60_000 }).toMatch(/manual\s*succeeded/)
    expect(await ingest.getByTestId('run-counts').textContent()).toMatch(/^4 ingested · /)

    // Nothing missing now: the next run says so, and Escape dismisses its notice at once.
    await page.getByRole('button', { name: 'Run plant-simulator now' }).click()
    await notice.waitFor()
    await page.keyboard.press('Escape')
    await expect.poll(async () => page.getByTestId('notice').count(), { timeout: 1_000 }).toBe(0)
    await expect.poll(async () => runsOf('plant-simulator').first().getByTestId('run-counts').textContent(), { timeout: 30_000 }).toBe('no day missing · 7 days present')
  })

  it('shows compaction and vacuum runs with their counts', async () => {
    for (const job of ['compact', 'vacuum']) await cockpit.api(`/api/jobs/${job}/run`, { method: 'POST' })
    await page.goto(`${cockpit.url}/#/jobs`)
    const counts = (job: string) => runsOf(job).first().getByTestId('run-counts')
    await expect.poll(async () => counts('compact').textContent(), { timeout: 60_000 }).toMatch(/^\d+ tables · \d+ → \d+ files · \d+ tables? compacted$/)
    await expect.poll(async () => counts('vacuum').textContent(), { timeout: 30_000 }).toMatch(/^\d+ files? deleted · \d+ unregistered files? kept \(too recent\)$/)
    await expect.poll(async () => counts('kpi-rebuild').textContent(), { timeout: 30_000 }).toMatch(/^\d+ KPI days? \(\d{4}-\d\d-\d\d( – \d{4}-\d\d-\d\d)?\)$/)
  })
})
