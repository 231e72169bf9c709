/**
 * Shared tile results (issue 14: "50 viewers of the same board cost the server one run per tile
 * per refresh — count the runs"). Through the real app in this process (SQLite app database,
 * the SQL service's sandbox workers): a published 8-tile board over 30 days × 8 machines of
 * daily KPIs in the catalog. One viewer opens it cold (the reference: 8 runs); then 50 viewers
 * open it at once; then a catalog commit lands and the 50 open it again. Printed: the runs the
 * server made each time (the tile cache's counter, as /api/metrics shows it) and the time until
 * every viewer had every tile, against as many signed-in requests to /api/auth/me at once.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { commit, copyToParquet, ensureTable, type TableDefinition } from '../catalog/index.ts'
import { openDuckDbSession } from '../jobs/index.ts'
import { ORIGIN, openTestApp, type TestApp } from '../test/harness/test-app.ts'
import type { Benchmark } from './run.ts'
import { formatMs } from './stats.ts'

const VIEWERS = Number(process.env.BENCH_BOARD_VIEWERS ?? 50)

const daily: TableDefinition = {
  name: 'bench.daily',
  layer: 'kpi',
  columns: [
    { name: 'machine_id', type: 'VARCHAR' },
    { name: 'day', type: 'DATE' },
    { name: 'oee', type: 'DOUBLE' },
    { name: 'scrap_rate', type: 'DOUBLE' },
    { name: 'good', type: 'BIGINT' },
  ],
}

const CELLS: Record<string, string> = {
  plant_oee: 'select day, avg(oee) as oee from bench.daily group by day order by day',
  scrap: 'select day, avg(scrap_rate) as scrap_rate from bench.daily group by day order by day',
  good: 'select day, sum(good) as good from bench.daily group by day order by day',
  by_machine: 'select machine_id, avg(oee) as oee from bench.daily group by machine_id order by machine_id',
  worst: 'select machine_id, min(oee) as oee from bench.daily group by machine_id order by oee limit 3',
  latest: 'select machine_id, oee from bench.daily where day = (select max(day) from bench.daily) order by machine_id',
  spread: 'select day, max(oee) - min(oee) as spread from bench.daily group by day order by day',
  totals: 'select count(*) as rows, sum(good) as good from bench.daily',
}

const NOTEBOOK = `# Bench board\n\n${Object.entries(CELLS)
  .map(([name, sql]) => `\`\`\`sql ${name}\n${sql}\n\`\`\`\n`)
  .join('')}`

async function commitDays(t: TestApp, dir: string, days: number, seed: number): Promise<void> {
  const file = join(dir, `daily-${seed}.parquet`)
  const session = await openDuckDbSession({ plantTz: 'UTC', tempDir: join(dir, 'tmp') })
  try {
    await copyToParquet(
      session.connection,
      `SELECT 'M0' || (i % 8) AS machine_id, DATE '2026-11-01' + (i // 8)::INTEGER AS day, 0.5 + (hash(i + ${seed}) % 400) / 1000.0 AS oee, (hash(i * 7 + ${seed}) % 50) / 1000.0 AS scrap_rate, (hash(i * 3) % 2000)::BIGINT AS good FROM range(${days * 8}) t(i)`,
      file,
    )
  } finally {
    session.close()
  }
  await commit(t.runtime.catalog, { operation: 'append', add: [{ table: daily.name, localFile: file, rowCount: days * 8 }] })
}

async function run(): Promise<void> {
  const t = await openTestApp()
  try {
    const dir = join(t.runtime.settings.dataDir, 'bench')
    mkdirSync(dir, { recursive: true })
    await ensureTable(t.runtime.catalog, daily)
    await commitDays(t, dir, 30, 1)

    const cookie = await t.cookie('analyst')
    const viewer = await t.cookie('manager')
    const api = async (path: string, init: RequestInit = {}, as = cookie): Promise<Response> => {
      const response = await t.app.request(`${ORIGIN}${path}`, { ...init, headers: { origin: ORIGIN, cookie: as, 'content-type': 'application/json', ...init.headers } })
      if (response.status >= 300) throw new Error(`${path} answered ${response.status}: ${await response.text()}`)
      return response
    }
    const notebook = (await (await api('/api/notebooks', { method: 'POST', body: JSON.stringify({ text: NOTEBOOK }) })).json()) as { id: number }
    const tiles = Object.keys(CELLS).map((cell, index) => ({ id: cell.replaceAll('_', '-'), notebook: notebook.id, cell, kind: 'table', title: cell, x: (index % 4) * 3, y: Math.floor(index / 4) * 3, w: 3, h: 3 }))
    const board = (await (await api('/api/boards', { method: 'POST', body: JSON.stringify({ title: 'Bench', tiles }) })).json()) as { id: number }
    await api(`/api/boards/${board.id}/publish`, { method: 'POST' })

    const runs = () => tileRuns(t)
    const open = async (viewers: number): Promise<{ ms: number; runs: number }> => {
      const before = await runs()
      const started = performance.now()
      await Promise.all(
        Array.from({ length: viewers }, () =>
          Promise.all(
            tiles.map(async (tile) => {
              const data = (await (await api(`/api/boards/${board.id}/tiles/${tile.id}/data`, {}, viewer)).json()) as { status: string; error?: unknown }
              if (data.status !== 'ok') throw new Error(`tile ${tile.id}: ${JSON.stringify(data.error)}`)
            }),
          ),
        ),
      )
      return { ms: performance.now() - started, runs: (await runs()) - before }
    }

    // The reference: as many signed-in requests at once to a route that reads one row.
    const reference = async (): Promise<number> => {
      const started = performance.now()
      await Promise.all(Array.from({ length: VIEWERS * tiles.length }, async () => (await api('/api/auth/me', {}, viewer)).arrayBuffer()))
      return performance.now() - started
    }

    const cold = await open(1)
    const shared = await open(VIEWERS)
    await commitDays(t, dir, 1, 2)
    const refreshed = await open(VIEWERS)
    const me = await reference()
    console.log(`8 tiles, 30 days × 8 machines; ${VIEWERS} viewers each asking every tile at once`)
    console.log(`  1 viewer, cold:                      ${cold.runs} runs, ${formatMs(cold.ms)} until every tile answered`)
    console.log(`  ${VIEWERS} viewers, same snapshot:          ${shared.runs} runs, ${formatMs(shared.ms)}`)
    console.log(`  ${VIEWERS} viewers after a catalog commit:  ${refreshed.runs} runs (${(refreshed.runs / tiles.length).toFixed(2)} per tile), ${formatMs(refreshed.ms)}`)
    console.log(`  reference, ${VIEWERS * tiles.length} GET /api/auth/me at once:  ${formatMs(me)} (shared tiles ${(shared.ms / me).toFixed(1)}× that)`)
  } finally {
    await t.close()
  }
}

async function tileRuns(t: TestApp): Promise<number> {
  const admin = await t.cookie('admin')
  const text = await (await t.app.request(`${ORIGIN}/api/metrics`, { headers: { cookie: admin } })).text()
  return Number(/^cockpit_board_tile_runs_total (\d+)/m.exec(text)?.[1])
}

export const boardViewersBenchmark: Benchmark = {
  name: 'board-viewers',
  description: 'runs per tile per refresh for 50 concurrent viewers of a published 8-tile board',
  run,
}
