/**
 * The board the embedded default ships (issue 14): "Plant overview" over the demo plant, built
 * from its own notebook (./plant-overview.md) and published, so every role sees it at first
 * sign-in. Seeded once, on the first start in embedded mode (../seed-once.ts: the audit log's
 * `board.examples` entry records it, so a board someone deleted does not come back).
 */
import { readFile } from 'node:fs/promises'
import type { AppDb } from '../../db/index.ts'
import { EXAMPLES_OWNER } from '../notebooks/example-notebooks.ts'
import { createNotebook } from '../notebooks/notebook-store.ts'
import type { BoardDefinition, Tile } from './board-schemas.ts'
import { createBoard } from './board-store.ts'
import { publishBoard } from './board-versions.ts'
import { seedOnce, type SeedOptions } from '../seed-once.ts'

export const PLANT_OVERVIEW_FILE = new URL('./plant-overview.md', import.meta.url)
const SEEDED = 'board.examples'

/** The board's tiles over the notebook `notebook` (12-column grid); the alerts tile reads no cell (the board's machine input filters it). */
export function plantOverviewBoard(notebook: number): BoardDefinition {
  const tile = (fields: Omit<Tile, 'notebook' | 'title'> & { title: string }): Tile => ({ notebook, ...fields })
  const percent = { format: 'percent' as const, decimals: 1, unit: '%' }
  return {
    title: 'Plant overview',
    inputs: [
      { kind: 'time-range', name: 'period', label: 'Period', presets: ['this-shift', 'today', 'last-7-days', 'last-30-days'], default: 'last-7-days' },
      { kind: 'machine', name: 'machine', label: 'Machine' },
    ],
    tiles: [
      tile({ id: 'oee', cell: 'daily', kind: 'stat', title: 'OEE', x: 0, y: 0, w: 3, h: 2, refreshSeconds: 60, stat: { value: 'oee', ...percent, target: 0.85, better: 'higher', thresholds: { green: 0.85, amber: 0.65 }, sparkline: { x: 'day' } } }),
      tile({ id: 'production-rate', cell: 'daily', kind: 'stat', title: 'Production rate', x: 3, y: 0, w: 3, h: 2, refreshSeconds: 60, stat: { value: 'good_per_hour', unit: 'good units/h', format: 'number', decimals: 0, better: 'higher', sparkline: { x: 'day' } } }),
      tile({ id: 'scrap-rate', cell: 'daily', kind: 'stat', title: 'Scrap rate', x: 6, y: 0, w: 3, h: 2, refreshSeconds: 60, stat: { value: 'scrap_rate', ...percent, target: 0.02, better: 'lower', thresholds: { green: 0.02, amber: 0.04 }, sparkline: { x: 'day' } } }),
      tile({ id: 'machine-status', cell: 'machine_status', kind: 'machine-status', title: 'Machines now', x: 9, y: 0, w: 3, h: 6, refreshSeconds: 30 }),
      // Under the KPIs, left, beside the machines: where a shift manager looks first after the numbers.
      { id: 'alerts', kind: 'alerts', title: 'Active alerts', x: 0, y: 2, w: 4, h: 4, alerts: {} },
      tile({ id: 'oee-by-machine', cell: 'oee_chart', kind: 'chart', title: 'OEE per machine (latest day)', x: 4, y: 2, w: 5, h: 4 }),
      tile({ id: 'apq-by-machine', cell: 'oee_by_machine', kind: 'table', title: 'Availability, performance, quality', x: 0, y: 6, w: 4, h: 4 }),
      tile({ id: 'temperatures', cell: 'temperatures', kind: 'live', title: 'Live temperatures', x: 4, y: 6, w: 4, h: 4 }),
      tile({ id: 'downtime', cell: 'downtime_chart', kind: 'chart', title: 'Top downtime reasons', x: 8, y: 6, w: 4, h: 4 }),
      tile({ id: 'scrap-trend', cell: 'scrap_chart', kind: 'chart', title: 'Scrap rate by day', x: 0, y: 10, w: 4, h: 4 }),
      tile({ id: 'state-timeline', cell: 'state_chart', kind: 'chart', title: 'Machine states, last shift', x: 4, y: 10, w: 8, h: 4 }),
    ],
  }
}

/** Adds the notebook and the published board once; the number of boards added (0 or 1). */
export function seedPlantOverview(db: AppDb, options: Omit<SeedOptions, 'action'>): Promise<number> {
  return seedOnce(db, { ...options, action: SEEDED }, async (now) => {
    const who = { author: EXAMPLES_OWNER, at: now.toISOString() }
    const notebook = await createNotebook(db, { text: await readFile(PLANT_OVERVIEW_FILE, 'utf8'), ...who })
    const board = await createBoard(db, { definition: plantOverviewBoard(notebook.id), ...who })
    const published = await publishBoard(db, board.id, who)
    return { added: 1, audit: { target: `board ${board.id}`, detail: { notebook: notebook.id, version: published.version } } }
  })
}
