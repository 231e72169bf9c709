/**
 * Notebooks in Chromium through the real UI on an embedded cockpit with its simulated week
 * ingested: an analyst creates and imports notebooks, runs one whose second sql cell reads the
 * first, sees the table and the chart, changes an input and sees both redrawn; a save that
 * another save overtook names the version and keeps the text; Monaco loads on the notebook
 * route only, duckdb-wasm too, and cells reading only cells run in it (an input change re-runs
 * exactly its dependants, a cycle shows on both cells); the history lists versions and restores
 * one without losing unsaved edits; a live cell draws the replayed sensor stream; a manager sees
 * no notebooks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, signedInPage } from '../harness/browser.ts'
import { serveCockpit, type CockpitUser, type ServedCockpit } from '../harness/cockpit.ts'

let cockpit: ServedCockpit
let browser: Browser
let analyst: CockpitUser
let page: Page
/** The first and last day of KPIs the simulator's week produced. */
let days: { first: string; last: string }
const consoleErrors: string[] = []

async function waitForJobs() {
  for (const job of ['mes-ingest', 'kpi-rebuild']) {
    for (let i = 0; i < 300; i++) {
      const { runs } = (await cockpit.api(`/api/jobs?job=${job}`).then((r) => r.json())) as { runs: { status: string }[] }
      if (runs.some((run) => run.status === 'succeeded')) break
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
}

const notebookFile = (from: string) => `# Worst machines

Which machines had the lowest OEE since the chosen day.

\`\`\`input from
{"type": "date", "label": "Since", "default": "${from}"}
\`\`\`

\`\`\`sql daily
select machine_id, day, oee from kpi.machine_daily where day >= $from order by day, machine_id
\`\`\`

\`\`\`sql worst
select machine_id, avg(oee) as oee from daily group by machine_id order by oee limit 3
\`\`\`

\`\`\`plot oee_chart
{"data": "daily", "title": "OEE by machine and day", "marks": [{"type": "lineY", "x": "day", "y": "oee", "stroke": "machine_id", "tip": true}]}
\`\`\`
`

beforeAll(async () => {
  cockpit = await serveCockpit({ env: { COCKPIT_PLANT_TZ: 'Europe/Berlin' } })
  await waitForJobs()
  analyst = await cockpit.as('analyst')
  const range = (await (await analyst.api('/api/query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql: 'select min(day)::varchar, max(day)::varchar from kpi.machine_daily' }) })).json()) as { rows: [string, string][] }
  days = { first: range.rows[0]![0], last: range.rows[0]![1] }
  browser = await launchBrowser()
  page = await signedInPage(browser, cockpit.url, analyst)
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text())
  })
})
afterAll(async () => {
  await browser?.close()
  await cockpit?.stop()
})

describe('notebooks in the browser', () => {
  it('creates a notebook from the list, opens it at its own address, and reopens it after a reload', async () => {
    await page.goto(`${cockpit.url}/#/notebooks`)
    await page.getByTestId('notebooks').waitFor()
    await page.getByLabel('Title of a new notebook').fill('Scratch pad')
    await page.getByRole('button', { name: 'New notebook' }).click()
    await page.getByRole('heading', { name: 'Scratch pad', level: 1 }).first().waitFor()
    expect(page.url()).toMatch(/#\/notebooks\/\d+$/)
    await page.reload()
    await page.getByTestId('notebook-meta').waitFor()
    expect(await page.getByTestId('notebook-meta').textContent()).toMatch(new RegExp(`^v1 · saved by ${analyst.username} `))
  })

  it('imports a notebook, runs it — the second sql cell reading the first — and redraws table and chart when the input changes', async () => {
    await page.goto(`${cockpit.url}/#/notebooks`)
    await page.getByTestId('notebooks').waitFor()
    await page.getByLabel('Import .md').setInputFiles({ name: 'worst.md', mimeType: 'text/markdown', buffer: Buffer.from(notebookFile(days.first)) })
    await page.getByTestId('notebook-meta').waitFor()
    expect(page.url()).toMatch(/#\/notebooks\/\d+$/)

    // The markdown renders, Monaco shows the SQL, and both results and the chart arrive.
    expect(await page.getByTestId('markdown').first().locator('h1').textContent()).toBe('Worst machines')
    await page.locator('[data-testid="cell-daily"] .monaco-editor').waitFor()
    const daily = page.getByTestId('result-daily-count')
    // A run's failure shows as an alert; name it rather than time out in silence.
    await Promise.race([daily.waitFor({ timeout: 60_000 }), page.getByRole('alert').first().waitFor({ timeout: 60_000 }).then(async () => expect.fail(`the run failed: ${await page.getByRole('alert').first().textContent()}`))])
    await expect.poll(() => daily.textContent(), { timeout: 20_000 }).toMatch(/^\d+ rows/)
    const before = Number((await daily.textContent())!.match(/^([\d,.]+)/)![1]!.replace(/[,.]/g, ''))
    expect(before).toBeGreaterThan(4)
    expect(await page.getByTestId('result-worst').locator('thead').textContent()).toContain('machine_idvarchar')
    expect(await page.getByTestId('result-worst').locator('tbody tr').count()).toBe(3)
    // Plot's own svg carries the chart's accessible name (the legend's swatches are svgs too).
    const chart = page.locator('[data-testid="cell-oee_chart"] [data-testid="plot-chart"] svg[aria-label="OEE by machine and day"]')
    await chart.waitFor()
    const drawn = await chart.innerHTML()
    // A plot runs nowhere: it draws its data cell's result. A sql cell says its own time and where it ran.
    expect(await page.locator('[data-testid="cell-oee_chart"] [data-testid="cell-status"]').textContent()).toBe('✓ ok')
    expect(await page.locator('[data-testid="cell-daily"] [data-testid="cell-status"]').textContent()).toMatch(/^✓ ok · [\d.,]+ m?s · on the server$/)

    // A later day: fewer rows, a new chart.
    await page.getByLabel('Since').fill(days.last)
    await expect.poll(() => daily.textContent(), { timeout: 20_000 }).toMatch(/^4 rows/)
    await expect.poll(() => chart.innerHTML(), { timeout: 10_000 }).not.toBe(drawn)
  })

  it('runs every shipped example notebook from the editor, date ranges and dropdowns included, without an error and over the recent days', async () => {
    const { notebooks } = (await (await analyst.api('/api/notebooks')).json()) as { notebooks: { id: number; title: string }[] }
    const examples = notebooks.filter((notebook) => ['OEE by machine and day', 'Top downtime reasons', 'Temperature against scrap rate'].includes(notebook.title))
    expect(examples).toHaveLength(3)
    for (const example of examples) {
      await page.goto(`${cockpit.url}/#/notebooks/${example.id}`)
      await page.getByTestId('notebook-meta').waitFor()
      await page.getByRole('button', { name: 'Run all' }).click()
      const statuses = page.locator('[data-testid="cell-status"]')
      await expect.poll(async () => (await statuses.allTextContents()).filter((text) => /running|not run/.test(text)).length, { timeout: 60_000 }).toBe(0)
      const alerts = (await page.getByRole('alert').allTextContents()).filter((text) => text.trim() !== '')
      expect(alerts, example.title).toEqual([])
      expect((await statuses.allTextContents()).every((text) => text.startsWith('✓ ok')), `${example.title}: ${(await statuses.allTextContents()).join(' | ')}`).toBe(true)
      // Its default days are relative to the plant's today, so the simulator's week is in them.
      if (example.title === 'OEE by machine and day') expect(await page.getByTestId('result-daily-count').textContent()).toMatch(/^[1-9][\d,.]* rows/)
    }
  })

  it('keeps the editor’s text and names the version when another save came first', async () => {
    const created = (await (await analyst.api('/api/notebooks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '# Shared\n\nFirst words.\n' }) })).json()) as { id: number }
    await page.goto(`${cockpit.url}/#/notebooks/${created.id}`)
    await page.getByRole('button', { name: 'Edit text' }).click()
    await page.getByLabel('Markdown text').fill('# Shared\n\nMy words.')
    // Someone else saves version 2 meanwhile.
    const engineer = await cockpit.as('engineer')
    const saved = await engineer.api(`/api/notebooks/${created.id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '# Shared\n\nTheir words.\n', baseVersion: 1 }) })
    expect(saved.status).toBe(200)
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    const conflict = page.getByTestId('conflict')
    await conflict.waitFor()
    await expect.poll(() => conflict.textContent()).toContain(`Version 2 was saved by ${engineer.username}`)
    expect(await page.getByLabel('Markdown text').inputValue()).toBe('# Shared\n\nMy words.')
    await page.getByRole('button', { name: 'Save mine as the next version' }).click()
    await expect.poll(() => page.getByTestId('notebook-meta').textContent()).toMatch(new RegExp(`^v3 · saved by ${analyst.username} `))
  })

  it('lists, searches and duplicates notebooks', async () => {
    await page.goto(`${cockpit.url}/#/notebooks`)
    const list = page.getByTestId('notebooks')
    await list.waitFor()
    expect(await list.locator('tbody tr td:first-child').allTextContents()).toEqual(expect.arrayContaining(['Scratch pad', 'Shared']))
    await page.getByRole('button', { name: 'Duplicate Scratch pad' }).click()
    await expect.poll(() => list.locator('tbody tr td:first-child').allTextContents()).toContain('Scratch pad (copy)')
    await page.getByLabel('Search notebooks').fill('shar')
    await expect.poll(() => list.locator('tbody tr td:first-child').allTextContents()).toEqual(['Shared'])
  })

  it('completes catalog columns, cell names and inputs in a sql cell, and inserts a table clicked in the catalog panel at the cursor', async () => {
    const text = '# Completion\n\n```input since\n{"type": "date", "default": "today-6"}\n```\n\n```sql daily\nselect machine_id, avg(oee) as oee from kpi.machine_daily group by 1\n```\n\n```sql probe\nselect 1\n```\n'
    const created = (await (await analyst.api('/api/notebooks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) })).json()) as { id: number }
    await page.goto(`${cockpit.url}/#/notebooks/${created.id}`)
    const probe = page.locator('[data-testid="cell-probe"] .monaco-editor')
    await probe.waitFor()
    const suggestions = page.locator('.suggest-widget.visible .monaco-list-row')
    const typeInProbe = async (sql: string) => {
      await probe.locator('.view-lines').click()
      await page.keyboard.press('ControlOrMeta+A')
      await page.keyboard.type(sql)
    }
    const offered = () => suggestions.allTextContents()

    // A column of the aliased catalog table (only kpi.machine_daily has scrap_rate).
    await typeInProbe('select * from kpi.machine_daily m where m.scr')
    await expect.poll(offered, { timeout: 30_000 }).toEqual(expect.arrayContaining([expect.stringMatching(/^scrap_rate/)]))
    await page.keyboard.press('Escape')
    // Another cell by its name after from, and the input as a parameter after $.
    await typeInProbe('select * from dai')
    await expect.poll(offered, { timeout: 30_000 }).toEqual(expect.arrayContaining([expect.stringMatching(/^daily/)]))
    await page.keyboard.press('Escape')
    await page.keyboard.type(' where day >= $')
    await expect.poll(offered, { timeout: 30_000 }).toEqual(expect.arrayContaining([expect.stringMatching(/^\$since/)]))
    await page.keyboard.press('Escape')

    // The catalog beside the editor: a click on a table puts its name at the cursor of the cell focused last.
    await page.getByRole('button', { name: 'Catalog', exact: true }).click()
    await page.getByTestId('catalog-panel').waitFor()
    await typeInProbe('select * from ')
    await page.getByRole('button', { name: 'Insert kpi.machine_daily' }).click()
    const probeText = async () => (await probe.locator('.view-lines').innerText()).replaceAll('\u00a0', ' ')
    await expect.poll(probeText).toBe('select * from kpi.machine_daily')
    expect(await page.getByTestId('catalog-panel').getByRole('status').textContent()).toBe('Inserted kpi.machine_daily into probe.')
    // The focus went back to the cell: typing goes on there.
    await page.keyboard.type(' where ')
    await page.getByRole('button', { name: 'Columns of kpi.machine_daily' }).click()
    await page.getByRole('button', { name: 'Insert column oee of kpi.machine_daily' }).click()
    await expect.poll(probeText).toBe('select * from kpi.machine_daily where oee')
    // By keyboard: the arrow keys move from the table to its first column, Enter inserts it and the focus stays in the panel.
    await page.getByRole('button', { name: 'Insert kpi.machine_daily' }).focus()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await expect.poll(probeText).toBe('select * from kpi.machine_daily where oee machine_id')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Insert column machine_id of kpi.machine_daily')
    // Escape closes the panel and returns to its toggle.
    await page.getByLabel('Filter tables and columns').press('Escape')
    await expect.poll(() => page.getByTestId('catalog-panel').count()).toBe(0)
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Catalog')
    // Monaco's first load and its suggestions take seconds each on a machine busy with other work.
  }, 240_000)

  it('lists the history with who, when and what changed, shows a version’s file, and restores the first over unsaved edits without losing them', async () => {
    const created = (await (await analyst.api('/api/notebooks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '# History\n\nFirst words.\n' }) })).json()) as { id: number }
    await page.goto(`${cockpit.url}/#/notebooks/${created.id}`)
    await page.getByRole('button', { name: 'Edit text' }).click()
    await page.getByLabel('Markdown text').fill('# History\n\nSecond words.')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await expect.poll(() => page.getByTestId('notebook-meta').textContent()).toMatch(/^v2 · /)

    // The panel takes the focus on its close button; Escape closes it.
    await page.getByRole('button', { name: 'History' }).click()
    await page.getByRole('button', { name: 'Close the history' }).waitFor()
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Close the history')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByTestId('version-history').count()).toBe(0)
    await page.getByRole('button', { name: 'History' }).click()
    const history = page.getByTestId('version-history')
    const versions = history.getByTestId('version')
    await expect.poll(() => versions.count()).toBe(2)
    expect(await history.textContent()).toContain('Times in Europe/Berlin')
    expect(await versions.evaluateAll((all) => all.map((v) => v.getAttribute('data-version')))).toEqual(['2', '1'])
    expect(await versions.nth(1).textContent()).toContain(analyst.username)
    expect(await versions.nth(1).getByTestId('version-summary').textContent()).toMatch(/^created with \d+ cells?$/)
    // Plant time with the zone named: Berlin is UTC+1 in winter.
    expect(await versions.nth(1).textContent()).toMatch(/\d{1,2}:\d{2}:\d{2}.*(CET|GMT\+1)/)

    await page.getByRole('button', { name: 'View the file of version 1' }).click()
    await expect.poll(() => history.getByTestId('version-file').locator('pre').textContent()).toBe('# History\n\nFirst words.\n')

    // Unsaved edits (the text is still open for editing): the restore saves them first as version 3, then version 1's file becomes version 4.
    await page.getByLabel('Markdown text').fill('# History\n\nUnsaved words.')
    let question = ''
    page.once('dialog', (dialog) => {
      question = dialog.message()
      void dialog.accept()
    })
    await page.getByRole('button', { name: 'Restore this version…' }).click()
    await expect.poll(() => page.getByTestId('notebook-meta').textContent()).toMatch(new RegExp(`^v4 · saved by ${analyst.username} `))
    expect(question).toContain('Restore version 1')
    expect(question).toContain('Your unsaved edits are saved first, as version 3')
    await expect.poll(() => page.getByTestId('markdown').first().textContent()).toContain('First words.')
    await expect.poll(() => versions.evaluateAll((all) => all.map((v) => v.getAttribute('data-version')))).toEqual(['4', '3', '2', '1'])
    expect(await versions.first().getByTestId('version-summary').textContent()).toBe('restored version 1')
    const saved = (await (await analyst.api(`/api/notebooks/${created.id}/versions/3`)).json()) as { text: string }
    expect(saved.text).toContain('Unsaved words.')
    await page.getByRole('button', { name: 'Close the history' }).click()
  })

  it('draws a live cell as a rolling line of the replayed sensor stream, edits its spec with the form, and says when nothing matches', async () => {
    const text = '# Live\n\n```live temps\n{"machine": "M01", "spanMinutes": 10}\n```\n'
    const created = (await (await analyst.api('/api/notebooks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) })).json()) as { id: number }
    await page.goto(`${cockpit.url}/#/notebooks/${created.id}`)
    const cell = page.getByTestId('cell-temps')
    const line = cell.locator('[data-testid="live-chart"][data-sensor="M01-T1"] g[aria-label="line"] path')
    await expect.poll(async () => ((await line.count()) === 1 ? await line.getAttribute('d') : null), { timeout: 20_000 }).toMatch(/L/)
    expect(await cell.getByTestId('live-chart').evaluateAll((all) => all.map((chart) => chart.getAttribute('data-sensor')))).toEqual(['M01-T1'])
    expect(await cell.getByTestId('live-cell-status').textContent()).toBe('live')
    // It rolls: new readings and the sliding window change the line.
    const drawn = await line.getAttribute('d')
    await expect.poll(() => line.getAttribute('d'), { timeout: 10_000 }).not.toBe(drawn)

    await cell.getByLabel('Last', { exact: true }).selectOption('5')
    expect(await cell.getByLabel('Spec of live cell temps').inputValue()).toBe('{"machine": "M01", "spanMinutes": 5}')
    await cell.getByLabel('Machine', { exact: true }).selectOption('')
    await expect.poll(() => cell.getByTestId('live-chart').count(), { timeout: 10_000 }).toBe(4)

    await cell.locator('summary', { hasText: 'Spec (JSON)' }).click()
    await cell.getByLabel('Spec of live cell temps').fill('{"machine": "M07", "spanMinutes": 10}')
    await expect.poll(() => cell.getByTestId('empty').textContent()).toContain('No readings for M07 in the last 10 minutes.')
  })

  it('runs cells reading only cells in duckdb-wasm served by the cockpit itself; an input change re-runs exactly its dependants', async () => {
    const text = `# Reactive\n\n\`\`\`input from\n{"type": "date", "label": "Since", "default": "${days.first}"}\n\`\`\`\n\n\`\`\`sql daily\nselect machine_id, day, oee from kpi.machine_daily where day >= $from\n\`\`\`\n\n\`\`\`sql worst\nselect machine_id, avg(oee) as oee, count(*) as days from daily group by machine_id order by oee limit 2\n\`\`\`\n\n\`\`\`sql machines\nselect count(distinct machine_id) as machines from kpi.machine_daily\n\`\`\`\n`
    const created = (await (await analyst.api('/api/notebooks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) })).json()) as { id: number }
    const context = await browser.newContext()
    await context.addCookies([{ ...analyst.cookie, url: cockpit.url }])
    const fresh = await context.newPage()
    const requests: string[] = []
    fresh.on('request', (request) => requests.push(request.url()))
    await fresh.goto(`${cockpit.url}/#/notebooks/${created.id}`)
    const status = (cell: string) => fresh.locator(`[data-testid="cell-${cell}"] [data-testid="cell-status"]`)
    // duckdb-wasm starts from the cockpit's own files, in a cross-origin isolated page.
    await expect.poll(() => fresh.getByTestId('engine-state').getAttribute('data-state'), { timeout: 90_000 }).toBe('ready')
    expect(await fresh.evaluate(() => crossOriginIsolated)).toBe(true)
    expect(requests.some((url) => /\/assets\/duckdb-(coi|eh|mvp)-[\w-]+\.wasm$/.test(url))).toBe(true)
    expect(requests.filter((url) => !url.startsWith(`${cockpit.url}/`))).toEqual([])
    for (const cell of ['daily', 'worst', 'machines']) await expect.poll(() => status(cell).getAttribute('data-state'), { timeout: 60_000 }).toBe('ok')

    // A later day: daily runs on the server (one query), worst in the browser over daily's table; machines keeps its result.
    const before = { machines: await status('machines').getAttribute('data-at'), worst: await status('worst').getAttribute('data-at') }
    requests.length = 0
    await fresh.getByLabel('Since').fill(days.last)
    // A finished run has a time (data-at); a running one has none.
    const ranAgain = async (cell: string, at: string | null) => (await status(cell).getAttribute('data-state')) === 'ok' && (await status(cell).getAttribute('data-at')) !== at
    await expect.poll(() => ranAgain('worst', before.worst), { timeout: 30_000 }).toBe(true)
    expect(await status('daily').getAttribute('data-where')).toBe('server')
    expect(await status('worst').getAttribute('data-where')).toBe('browser')
    expect(await status('worst').textContent()).toMatch(/^✓ ok · [\d.,]+ m?s · in the browser$/)
    expect(requests.filter((url) => url.endsWith('/api/query'))).toHaveLength(1)
    expect(await status('machines').getAttribute('data-at')).toBe(before.machines)
    expect(await fresh.getByTestId('result-worst').locator('tbody tr').first().locator('td').nth(2).textContent()).toBe('1')

    // Running worst by hand asks the server nothing.
    requests.length = 0
    const ran = await status('worst').getAttribute('data-at')
    await fresh.getByTestId('cell-worst').getByRole('button', { name: 'Run' }).click()
    await expect.poll(() => ranAgain('worst', ran), { timeout: 30_000 }).toBe(true)
    expect(await status('worst').getAttribute('data-where')).toBe('browser')
    expect(requests.filter((url) => url.endsWith('/api/query'))).toEqual([])
    await context.close()
  })

  it('shows a cycle on both cells', async () => {
    const text = '# Cycle\n\n```sql first\nselect * from second\n```\n\n```sql second\nselect * from first\n```\n'
    const created = (await (await analyst.api('/api/notebooks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) })).json()) as { id: number }
    await page.goto(`${cockpit.url}/#/notebooks/${created.id}`)
    for (const cell of ['first', 'second']) {
      const error = page.getByTestId(`cell-${cell}`).getByTestId('cell-error')
      await expect.poll(() => error.textContent(), { timeout: 30_000 }).toMatch(/cycle: (first → second → first|second → first → second)/)
    }
  })

  it('loads Monaco on the notebook route only', async () => {
    const context = await browser.newContext()
    await context.addCookies([{ ...analyst.cookie, url: cockpit.url }])
    const fresh = await context.newPage()
    const scripts: string[] = []
    fresh.on('request', (request) => {
      if (request.resourceType() === 'script' || request.url().endsWith('.js')) scripts.push(new URL(request.url()).pathname)
    })
    for (const route of ['overview', 'catalog', 'tokens', 'live']) {
      await fresh.goto(`${cockpit.url}/#/${route}`)
      await fresh.getByRole('heading', { level: 1 }).first().waitFor()
    }
    await fresh.waitForLoadState('networkidle')
    expect(scripts.filter((path) => /monaco|editor\.worker|duckdb|wasm-engine/.test(path))).toEqual([])
    await fresh.goto(`${cockpit.url}/#/notebooks/1`)
    await fresh.locator('.monaco-editor').first().waitFor()
    expect(scripts.some((path) => /monaco/.test(path))).toBe(true)
    await context.close()
  })

  it('shows a manager no notebooks', async () => {
    const manager = await signedInPage(browser, cockpit.url, await cockpit.as('manager'))
    await manager.goto(`${cockpit.url}/#/notebooks/1`)
    await manager.getByRole('alert').waitFor()
    expect(await manager.getByRole('alert').textContent()).toBe('Your role may not use Notebooks.')
    expect(await manager.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).not.toContain('Notebooks')
    await manager.context().close()
  })

  it('wrote no errors to the console', () => {
    // The browser logs the refused save (409) of the conflict test as a failed resource; nothing else may appear.
    expect(consoleErrors.filter((text) => !/status of 409/.test(text))).toEqual([])
  })
})
