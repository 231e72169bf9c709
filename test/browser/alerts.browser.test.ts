/**
 * Alerts in Chromium through the real UI on an embedded cockpit whose sensor replay closes
 * one-minute windows as it goes: an engineer starts a threshold rule from its template, types a
 * bad value (refused at the field by alerts/ checkRule in the browser, nothing sent), fixes it,
 * backtests it (the firings drawn as spans over the windows, and listed), saves it — off — and
 * enables it; the alert fires (a toast on whatever page is open, a row on the Alerts page) and the
 * engineer acknowledges it; a manager sees the alert and who acknowledged it, but no acknowledge,
 * save or enable control.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, signedInPage } from '../harness/browser.ts'
import { serveCockpit, type CockpitUser, type ServedCockpit } from '../harness/cockpit.ts'

let cockpit: ServedCockpit
let browser: Browser
let engineer: CockpitUser
let page: Page
let ruleId: number
const pageErrors: string[] = []

beforeAll(async () => {
  cockpit = await serveCockpit({ env: { COCKPIT_PLANT_TZ: 'Europe/Berlin' } })
  engineer = await cockpit.as('engineer')
  browser = await launchBrowser()
  page = await signedInPage(browser, cockpit.url, engineer)
  page.on('pageerror', (error) => pageErrors.push(error.message))
  page.on('dialog', (dialog) => void dialog.accept())
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await cockpit?.stop()
})

describe('alerts in the browser', () => {
  it('an engineer writes a threshold rule, sees a bad value refused at the field, backtests, saves and enables it', async () => {
    await page.goto(`${cockpit.url}/#/alerts/rules`)
    await page.getByLabel('Start from').selectOption('threshold')
    await page.getByRole('button', { name: 'New rule' }).click()
    await page.getByRole('heading', { name: 'New rule', level: 1 }).waitFor({ timeout: 30_000 })

    await page.getByLabel('Name', { exact: true }).fill('Any reading above zero')
    await page.getByLabel('For (pending period)').fill('')
    await page.getByLabel('Value', { exact: true }).fill('ninety')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    // Refused in the browser, at the field, which takes the focus.
    await expect.poll(() => page.getByTestId('error-value').textContent()).toMatch(/number/)
    expect(await page.getByLabel('Value', { exact: true }).getAttribute('aria-invalid')).toBe('true')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('rule-value')
    // Nothing was sent (the cockpit's built-in pipeline rules may be listed).
    const names = async () => ((await (await engineer.api('/api/alerts/rules')).json()) as { rules: { name: string }[] }).rules.map((rule) => rule.name)
    expect(await names()).not.toContain('Any reading above zero')

    // Fixed: the message goes as soon as the value is a number; the JSON beside follows the form.
    await page.getByLabel('Value', { exact: true }).fill('0')
    await expect.poll(() => page.getByTestId('error-value').count()).toBe(0)
    expect(JSON.parse(await page.getByLabel('Rule as JSON').inputValue())).toMatchObject({ kind: 'threshold', field: 'avg_c', value: 0, enabled: false })

    // Backtest over the last 6 hours until the replay's first closed windows are in the catalog.
    await page.getByLabel('Range').selectOption({ label: 'last 6 hours' })
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Run backtest' }).click()
          await page.getByTestId('backtest-summary').or(page.getByRole('alert')).first().waitFor({ timeout: 60_000 })
          return Number((await page.getByTestId('backtest-summary').textContent().catch(() => '0'))?.match(/^[\d.,]+/)?.[0]?.replace(/[.,]/g, '') ?? 0)
        },
        { timeout: 180_000, interval: 5_000 },
      )
      .toBeGreaterThan(0)
    const chart = page.getByTestId('backtest-chart').locator('svg[aria-label^="Any reading above zero: firings"]')
    await chart.waitFor({ timeout: 30_000 })
    // Firings are shaded spans over the data; the readings a line.
    expect(await chart.locator('g[aria-label="rect"] rect').count()).toBeGreaterThan(0)
    expect(await chart.locator('g[aria-label="line"] path').count()).toBeGreaterThan(0)
    expect(await page.getByTestId('firings').locator('tbody tr').count()).toBeGreaterThan(0)
    await page.locator('svg[aria-label="Firings per day"]').waitFor()

    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await page.waitForURL(/#\/alerts\/rules\/\d+$/, { timeout: 30_000 })
    ruleId = Number(page.url().match(/(\d+)$/)![1])
    await expect.poll(() => page.getByTestId('rule-enabled').textContent(), { timeout: 30_000 }).toMatch(/disabled/)
    await page.getByRole('button', { name: 'Enable', exact: true }).click()
    await expect.poll(() => page.getByTestId('rule-enabled').textContent(), { timeout: 30_000 }).toMatch(/enabled/)
    const stored = (await (await engineer.api(`/api/alerts/rules/${ruleId}`)).json()) as { enabled: boolean; rule: { value: number } }
    expect(stored).toMatchObject({ enabled: true, rule: { value: 0 } })

    // The next closed window fires it: a toast on the page that is open, then the row on #/alerts.
    await page.getByTestId('alert-toast').filter({ hasText: 'Any reading above zero' }).first().waitFor({ timeout: 180_000 })
    await page.goto(`${cockpit.url}/#/alerts`)
    const row = page.getByTestId('alert-row').filter({ hasText: 'Any reading above zero' }).first()
    await row.waitFor({ timeout: 60_000 })
    expect(await row.getAttribute('data-state')).toBe('firing')
    expect(await row.getByTestId('severity').textContent()).toMatch(/critical/)
    await row.getByRole('button', { name: 'Acknowledge…' }).click()
    await row.getByLabel('Comment').fill('checking the sensor')
    await row.getByRole('button', { name: 'Acknowledge', exact: true }).click()
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toMatch(/engineer: checking the sensor/)
    expect(pageErrors).toEqual([])
  }, 480_000)

  it('a manager sees the alerts and the rule but cannot acknowledge, save or enable', async () => {
    const manager = await signedInPage(browser, cockpit.url, await cockpit.as('manager'))
    await manager.goto(`${cockpit.url}/#/alerts`)
    await manager.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor({ timeout: 30_000 })
    const row = manager.getByTestId('alert-row').filter({ hasText: 'Any reading above zero' }).first()
    await row.waitFor({ timeout: 30_000 })
    expect(await row.textContent()).toMatch(/engineer: checking the sensor/)
    expect(await manager.getByRole('button', { name: /^Acknowledge/ }).count()).toBe(0)

    await manager.goto(`${cockpit.url}/#/alerts/rules/${ruleId}`)
    await manager.getByRole('heading', { name: 'Any reading above zero', level: 1 }).waitFor({ timeout: 30_000 })
    for (const name of ['Save', 'Enable', 'Disable', 'Delete']) expect(await manager.getByRole('button', { name, exact: true }).count()).toBe(0)
    expect(await manager.getByLabel('Value', { exact: true }).isDisabled()).toBe(true)
    await manager.context().close()
  }, 120_000)

  it('an engineer deletes the rule', async () => {
    await page.goto(`${cockpit.url}/#/alerts/rules/${ruleId}`)
    await page.getByRole('heading', { name: 'Any reading above zero', level: 1 }).waitFor({ timeout: 30_000 })
    await page.getByRole('button', { name: 'Delete', exact: true }).click()
    await page.waitForURL(/#\/alerts\/rules$/, { timeout: 30_000 })
    expect((await engineer.api(`/api/alerts/rules/${ruleId}`)).status).toBe(404)
    expect(pageErrors).toEqual([])
  }, 120_000)
})
