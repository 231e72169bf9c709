/**
 * Opening an example notebook with a warm server and a cold browser (issue 13: the first cell
 * result visible < 1.5 s). The server has run the notebook once; each measured open is a fresh
 * Chromium context (empty HTTP cache, so the app's JS and Monaco come over the wire again), timed
 * from navigation to the first sql cell showing its result. duckdb-wasm loads meanwhile; the time
 * until it is ready is reported beside (cells run on the server until then).
 */
import { availableParallelism, loadavg } from 'node:os'
import { startBrowserCockpit } from './browser-cockpit.ts'
import type { Benchmark } from './run.ts'
import { median } from './stats.ts'

const OPENS = Number(process.env.BENCH_OPENS ?? 5)
const GOAL_MS = 1500
const EXAMPLE = 'OEE by machine and day'

export const notebookOpenBenchmark: Benchmark = {
  name: 'notebook-open',
  description: `opening the example "${EXAMPLE}" with a warm server and a cold browser cache, ${OPENS} times (goal: first cell result < ${GOAL_MS} ms)`,
  async run() {
    const session = await startBrowserCockpit()
    try {
      const { notebooks } = (await (await session.analyst.api('/api/notebooks')).json()) as { notebooks: { id: number; title: string }[] }
      const example = notebooks.find((notebook) => notebook.title === EXAMPLE)
      if (example === undefined) throw new Error(`no example notebook "${EXAMPLE}"`)
      const url = `${session.cockpit.url}/#/notebooks/${example.id}`
      const firstResult: number[] = []
      const engineReady: number[] = []
      for (let i = 0; i <= OPENS; i++) {
        const context = await session.context()
        const page = await context.newPage()
        const started = Date.now()
        await page.goto(url)
        await page.getByTestId('notebook-meta').waitFor({ timeout: 120_000 })
        const opened = Date.now() - started
        // A sql cell's result table (or its empty state) is on screen.
        await page.locator('[data-testid="cell-status"][data-state="ok"][data-where]').first().waitFor({ timeout: 120_000 })
        const shown = Date.now() - started
        await page.waitForFunction(() => document.querySelector('[data-testid="engine-state"]')?.getAttribute('data-state') !== 'loading', null, { timeout: 180_000 })
        const ready = Date.now() - started
        // The first open warms the server (its sandbox workers, the catalog's views); it is not counted.
        if (i > 0) {
          firstResult.push(shown)
          engineReady.push(ready)
        }
        console.log(`${i === 0 ? 'warm-up' : `open ${i}`}: notebook on screen ${opened} ms · first cell result ${shown} ms · duckdb-wasm ready ${ready} ms (${(await page.getByTestId('engine-state').textContent())?.trim()}${(await page.getByTestId('engine-state').getAttribute('data-state')) === 'failed' ? `: ${await page.getByTestId('engine-state').getAttribute('title')}` : ''})`)
        await context.close()
      }
      const m = median(firstResult)
      console.log(`first cell result: median ${m} ms, best ${Math.min(...firstResult)} ms — ${m < GOAL_MS ? 'within' : 'OVER'} the goal of ${GOAL_MS} ms; duckdb-wasm ready: median ${median(engineReady)} ms; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`)
    } finally {
      await session.stop()
    }
  },
}
