/**
 * A real cockpit (built web app, embedded plant, first KPI build done) and Debian's Chromium
 * signed in as an analyst: what the browser benchmarks measure the workbench in. Nothing here is
 * timed.
 */
import type { Browser, BrowserContext } from 'playwright-core'
import { launchBrowser } from '../test/harness/browser.ts'
import { serveCockpit, type CockpitUser, type ServedCockpit } from '../test/harness/cockpit.ts'

export interface BrowserCockpit {
  cockpit: ServedCockpit
  browser: Browser
  analyst: CockpitUser
  /** A fresh context: its own cookies and an empty HTTP cache (a cold browser). */
  context(): Promise<BrowserContext>
  /** Creates a notebook from its file; answers its id. */
  notebook(text: string): Promise<number>
  stop(): Promise<void>
}

export async function startBrowserCockpit(): Promise<BrowserCockpit> {
  const cockpit = await serveCockpit({ timeoutMs: 300_000 })
  for (const job of ['mes-ingest', 'kpi-rebuild']) {
    for (let i = 0; i < 600; i++) {
      const { runs } = (await cockpit.api(`/api/jobs?job=${job}`).then((r) => r.json())) as { runs: { status: string }[] }
      if (runs.some((run) => run.status === 'succeeded')) break
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
  const analyst = await cockpit.as('analyst')
  const browser = await launchBrowser()
  return {
    cockpit,
    browser,
    analyst,
    async context() {
      const context = await browser.newContext()
      await context.addCookies([{ ...analyst.cookie, url: cockpit.url }])
      return context
    },
    async notebook(text) {
      const response = await analyst.api('/api/notebooks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) })
      return ((await response.json()) as { id: number }).id
    },
    async stop() {
      await browser.close()
      await cockpit.stop()
    },
  }
}
