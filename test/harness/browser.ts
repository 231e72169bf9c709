/**
 * Debian's Chromium driven by playwright-core. The harness never downloads a browser: it
 * installs the distribution package with apt-get when running as root, and otherwise says
 * exactly what to install.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM_PATH = '/usr/bin/chromium'

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
]

export function ensureChromium(): string {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH
  if (process.getuid?.() !== 0) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}: install Debian's package with \`sudo apt-get install chromium\``)
  }
  console.log('[harness] installing Debian chromium with apt-get (first run on this machine)…')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env })
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`apt-get installed chromium but ${CHROMIUM_PATH} is still missing`)
  return CHROMIUM_PATH
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: ensureChromium(), args: FLAGS, headless: true })
}

/** A page of a fresh browser context that carries the session of a signed-in cockpit user. */
export async function signedInPage(browser: Browser, url: string, user: { cookie: { name: string; value: string } }): Promise<Page> {
  const context = await browser.newContext()
  await context.addCookies([{ ...user.cookie, url }])
  return context.newPage()
}
