/**
 * The catalog browser and the jobs view in Chromium, on an embedded cockpit whose simulator's
 * dumps were ingested at start: quarantined rows and files are visible, and a run can be
 * started from the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, signedInPage } from '../harness/browser.ts'
import { serveCockpit, type ServedCockpit } from '../harness/cockpit.ts'

let cockpit: ServedCockpit
let browser: Browser
let page: Page

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
  it('lists the tables and shows quarantined files and rows with their reasons', async () => {
    await page.goto(`${cockpit.url}/#/catalog`)
    const tables = page.getByTestId('catalog-tables')
    await tables.waitFor()
    const names = await tables.locator('tbody tr td:first-child').allTextContents()
    expect(names).toEqual(expect.arrayContaining(['mes.orders', 'kpi.machine_daily', 'quarantine.mes_rows', 'raw.production_counts']))

    const files = page.getByTestId('quarantined-files')
    await files.waitFor()
    const fileRow = await files.locator('tbody tr').first().textContent()
    expect(fileRow).toContain('production_counts/corrupt-truncated.parquet')
    expect(fileRow).toContain('cannot read as parquet')

    const rows = page.getByTestId('quarantined-rows')
    expect(await rows.locator('tbody tr').count()).toBeGreaterThan(0)
    const reasons = await rows.locator('tbody tr td:last-child').allTextContents()
    expect(reasons.every((reason) => /^[a-z_]+: |^malformed /.test(reason))).toBe(true)
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
    expect(await ingest.textContent()).toContain('28 ingested · 0 skipped · 1 files quarantined')

    await page.getByRole('button', { name: 'Run mes-ingest now' }).click()
    await page.getByRole('status').waitFor()
    await runs.locator('tbody tr', { hasText: 'manual' }).first().waitFor()
    await expect.poll(async () => runs.locator('tbody tr', { hasText: 'manual' }).first().textContent(), { timeout: 20_000 }).toContain('succeeded')
  })
})
