/**
 * Signing in and out in Chromium: the login page when there is no session, a clear error for a
 * wrong password, navigation that shows only what the role may use, the admin view, and logout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser } from '../harness/browser.ts'
import { serveCockpit, type CockpitUser, type ServedCockpit } from '../harness/cockpit.ts'

let cockpit: ServedCockpit
let browser: Browser
let page: Page
let manager: CockpitUser
let admin: CockpitUser

beforeAll(async () => {
  cockpit = await serveCockpit({ env: { COCKPIT_SIMULATOR: 'false' } })
  manager = await cockpit.as('manager')
  admin = await cockpit.as('admin')
  browser = await launchBrowser()
  page = await (await browser.newContext()).newPage()
})
afterAll(async () => {
  await browser?.close()
  await cockpit?.stop()
})

async function signIn(username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

const navLinks = () => page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()

describe('signing in', () => {
  it('shows the login page without a session, and no navigation', async () => {
    await page.goto(`${cockpit.url}/#/catalog`)
    await page.getByRole('heading', { name: 'Sign in to Plant Cockpit' }).waitFor()
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0)
  })

  it('says so when the password is wrong', async () => {
    await signIn(manager.username, 'not-the-password')
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('wrong username or password')
  })

  it('signs a manager in, showing who and only the sections a manager uses', async () => {
    await signIn(manager.username, manager.password)
    await page.getByTestId('current-user').waitFor()
    expect(await page.getByTestId('current-user').locator('span').first().textContent()).toBe(`${manager.username} (manager)`)
    await expect.poll(navLinks).toEqual(['Overview', 'Live', 'Boards', 'Alerts', 'API tokens'])
    // The deep link asked for the catalog, which a manager may not use.
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Your role may not use Catalog.')
  })

  it('logs out back to the login page, and the session is gone on the server too', async () => {
    await page.getByRole('button', { name: 'Log out', exact: true }).click()
    await page.getByRole('heading', { name: 'Sign in to Plant Cockpit' }).waitFor()
    const status = await page.evaluate(async () => (await fetch('/api/auth/me')).status)
    expect(status).toBe(401)
  })

  it('lets a manager create an API token with the manager role, shown once', async () => {
    await signIn(manager.username, manager.password)
    await page.getByRole('link', { name: 'API tokens' }).click()
    // The page renders its form after the click: wait for it rather than read it at once.
    await expect.poll(() => page.getByLabel('Token role').locator('option').allTextContents()).toEqual(['manager'])
    await page.getByLabel('Token name').fill('wallboard')
    await page.getByRole('button', { name: 'Create token' }).click()
    await expect.poll(() => page.getByTestId('new-token').locator('code').textContent()).toMatch(/^[a-z2-9]{26}\.[a-z2-9]{26}$/)
    await expect.poll(() => page.getByTestId('tokens').locator('tbody tr td:first-child').allTextContents()).toEqual(['wallboard'])
    await page.getByRole('button', { name: 'Log out', exact: true }).click()
    await page.getByRole('heading', { name: 'Sign in to Plant Cockpit' }).waitFor()
  })

  it('shows an admin every section and the admin view with users and the audit log', async () => {
    await signIn(admin.username, admin.password)
    await page.getByTestId('current-user').waitFor()
    await expect.poll(navLinks).toEqual(['Overview', 'Live', 'Notebooks', 'Boards', 'Alerts', 'Catalog', 'Jobs', 'API tokens', 'Admin'])
    await page.getByRole('link', { name: 'Admin' }).click()
    const users = page.getByTestId('users')
    await users.waitFor()
    await expect.poll(() => users.locator('tbody tr td:first-child').allTextContents()).toEqual(expect.arrayContaining(['admin', 'analyst', 'engineer', 'manager']))
    const audit = page.getByTestId('audit')
    await expect.poll(() => audit.locator('tbody tr td:nth-child(2)').allTextContents()).toEqual(expect.arrayContaining(['token.create', 'login', 'logout', 'login-failed']))
  })
})
