import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, signedInPage } from '../harness/browser.ts'
import { serveCockpit, type ServedCockpit } from '../harness/cockpit.ts'

describe('the workbench shell in Chromium', () => {
  let cockpit: ServedCockpit
  let browser: Browser
  let page: Page
  const consoleErrors: string[] = []

  beforeAll(async () => {
    cockpit = await serveCockpit()
    browser = await launchBrowser()
    page = await signedInPage(browser, cockpit.url, await cockpit.as('admin'))
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text())
    })
  })
  afterAll(async () => {
    await browser?.close()
    await cockpit?.stop()
  })

  it('lands on the plant overview board, and shows the live health of each component on the admin page', async () => {
    await page.goto(cockpit.url)
    expect(await page.title()).toBe('Plant Cockpit')
    const nav = page.getByRole('navigation', { name: 'Main' })
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Overview', 'Live', 'Notebooks', 'Boards', 'Alerts', 'Catalog', 'Jobs', 'API tokens', 'Admin'])
    await page.getByRole('heading', { name: 'Plant overview', level: 1 }).waitFor()
    await page.getByRole('link', { name: 'Admin' }).click()
    await page.getByTestId('health-status').waitFor()
    expect(await page.getByTestId('health-status').textContent()).toBe('ok')
    const rows = await page.locator('table.components tbody tr td:first-child').allTextContents()
    expect(rows).toEqual(['App database', 'Catalog', 'Sensor source', 'MES source'])
    expect(consoleErrors).toEqual([])
  })

  it('navigates between sections and survives a reload on a deep link', async () => {
    await page.getByRole('link', { name: 'Boards' }).click()
    await page.getByRole('heading', { name: 'Boards' }).waitFor()
    expect(await page.getByRole('link', { name: 'Boards' }).getAttribute('aria-current')).toBe('page')
    await page.reload()
    await page.getByRole('heading', { name: 'Boards' }).waitFor()
  })

  it('says so when the server cannot be reached', async () => {
    await page.route('**/api/health', (route) => route.abort('connectionrefused'))
    await page.goto(`${cockpit.url}/#/admin`)
    await page.getByRole('alert').waitFor()
    expect(await page.getByRole('alert').textContent()).toContain('cannot reach the cockpit server')
    await page.unroute('**/api/health')
  })
})
