/** The live page in Chromium: temperatures from the SSE stream of the embedded replay, updating. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, signedInPage } from '../harness/browser.ts'
import { serveCockpit, type ServedCockpit } from '../harness/cockpit.ts'

let cockpit: ServedCockpit
let browser: Browser
let page: Page

beforeAll(async () => {
  cockpit = await serveCockpit({ env: { COCKPIT_SIMULATOR: 'false' } })
  browser = await launchBrowser()
  page = await signedInPage(browser, cockpit.url, await cockpit.as('admin'))
})
afterAll(async () => {
  await browser?.close()
  await cockpit?.stop()
})

describe('the live page', () => {
  it('shows each machine sensor and its temperature changing as readings stream in', async () => {
    await page.goto(`${cockpit.url}/#/live`)
    const table = page.getByTestId('live-sensors')
    await table.waitFor()
    expect(await page.getByTestId('stream-status').textContent()).toBe('live')
    await expect.poll(() => table.locator('tbody tr td:first-child').allTextContents(), { timeout: 10_000 }).toEqual(['M01-T1', 'M02-T1', 'M03-T1', 'M04-T1'])
    const first = await table.getByTestId('temperature').first().textContent()
    await expect.poll(() => table.getByTestId('temperature').first().textContent(), { timeout: 10_000 }).not.toBe(first)
  })
})
