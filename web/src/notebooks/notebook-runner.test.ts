import { describe, expect, it } from 'vitest'
import type { Notebook, SqlReferences } from '../../../cells/index.ts'
import type { CellRun } from '../lib/api.ts'
import type { WasmEngine } from '../engine/index.ts'
import { notebookRunner, type CellTiming, type RunnerEffects } from './notebook-runner.ts'

const notebook: Notebook = {
  cells: [
    { kind: 'input', name: 'from', spec: { type: 'date', default: '2026-11-01' } },
    { kind: 'sql', name: 'daily', sql: 'select * from kpi.machine_daily where day >= $from' },
    { kind: 'sql', name: 'worst', sql: 'select * from daily order by oee limit 3' },
    { kind: 'sql', name: 'reasons', sql: 'select * from kpi.downtime' },
  ],
}
const references: Record<string, SqlReferences> = {
  [notebook.cells[1]!.kind === 'sql' ? notebook.cells[1]!.sql : '']: { tables: ['kpi.machine_daily'], parameters: ['from'] },
  'select * from daily order by oee limit 3': { tables: ['daily'], parameters: [] },
  'select * from kpi.downtime': { tables: ['kpi.downtime'], parameters: [] },
}

function fakes(options: { engine?: boolean; slowServer?: boolean } = {}) {
  const log: string[] = []
  const tables = new Set<string>()
  const pending: (() => void)[] = []
  const engine: WasmEngine = {
    bundle: 'eh',
    parses: false,
    loadArrow: async (name) => void (tables.add(name), log.push(`load ${name}`)),
    runIntoTable: async (name, sql) => (tables.add(name), log.push(`browser ${name}: ${sql}`), { columns: [{ name: 'n', type: 'INTEGER' }], rows: [[1]], total: 1 }),
    drop: async () => undefined,
    reset: async () => undefined,
    query: async () => ({ columns: [], rows: [] }),
    close: async () => undefined,
  }
  let ready = options.engine ?? true
  const effects: RunnerEffects = {
    port: { references: async (sql) => references[sql]! },
    engine: () => (ready ? engine : undefined),
    queryArrow: async (sql, { params, signal }) => {
      log.push(`server ${JSON.stringify(params)}: ${sql.split('\n').at(-1)}`)
      if (options.slowServer) await new Promise<void>((resolve) => pending.push(resolve))
      if (signal.aborted) return { error: { code: 'unreachable', message: 'aborted', status: 0 } }
      return { data: { bytes: new Uint8Array([1]), rowCount: 1, truncated: false } }
    },
    decode: () => ({ columns: [{ name: 'n', type: 'INTEGER' }], rows: [[1]] }),
    catalogTables: async () => ['kpi.machine_daily', 'kpi.downtime'],
    now: () => 0,
  }
  const finished: { cell: string; result: CellRun; timing: CellTiming }[] = []
  const runner = notebookRunner(effects, { graph: () => undefined, started: () => undefined, finished: (cell, result, timing) => void finished.push({ cell, result, timing }) })
  return { runner, log, finished, pending, tables, makeReady: () => (ready = true) }
}

describe('the editor’s notebook runs', () => {
  it('runs catalog cells on the server and cells reading only cells in duckdb-wasm, each with its place', async () => {
    const { runner, finished, log } = fakes()
    await runner.run(notebook, 'all', () => ({ from: '2026-11-01' }))
    expect(log).toEqual(['server {"from":"2026-11-01"}: select * from kpi.machine_daily where day >= $from', 'load daily', 'browser worst: select * from daily order by oee limit 3', 'server {}: select * from kpi.downtime', 'load reasons'])
    expect(Object.fromEntries(finished.map((f) => [f.cell, `${f.result.status} ${f.timing.where ?? ''}`]))).toEqual({ from: 'ok ', daily: 'ok server', worst: 'ok browser', reasons: 'ok server' })
  })

  it('an input change re-runs exactly its dependants; the others keep their results', async () => {
    const { runner, finished, log } = fakes()
    await runner.run(notebook, 'all', () => ({ from: '2026-11-01' }))
    finished.length = 0
    log.length = 0
    await runner.run(notebook, ['from'], () => ({ from: '2026-11-20' }))
    expect(finished.map((f) => f.cell)).toEqual(['from', 'daily', 'worst'])
    expect(log.some((line) => line.includes('downtime'))).toBe(false)
  })

  it('an edited cell re-runs in the browser with no server request when what it reads is loaded', async () => {
    const { runner, finished, log } = fakes()
    await runner.run(notebook, 'all', () => ({ from: '2026-11-01' }))
    log.length = 0
    finished.length = 0
    const edited: Notebook = { cells: notebook.cells.map((cell) => (cell.kind === 'sql' && cell.name === 'worst' ? { ...cell, sql: 'select * from daily order by oee limit 3' } : cell)) }
    await runner.run(edited, ['worst'], () => ({ from: '2026-11-01' }))
    expect(log).toEqual(['browser worst: select * from daily order by oee limit 3'])
  })

  it('while duckdb-wasm loads, every cell runs on the server, composed; its results load once it is ready', async () => {
    const { runner, finished, log, makeReady, tables } = fakes({ engine: false })
    await runner.run(notebook, 'all', () => ({ from: '2026-11-01' }))
    expect(finished.find((f) => f.cell === 'worst')!.timing.where).toBe('server')
    expect(log[1]).toContain('select * from daily order by oee limit 3')
    makeReady()
    await runner.hydrate()
    expect([...tables].sort()).toEqual(['daily', 'reasons', 'worst'])
  })

  it('the newest change wins: the older request is aborted and its result dropped', async () => {
    const { runner, finished, pending } = fakes({ slowServer: true })
    const first = runner.run(notebook, 'all', () => ({ from: '2026-11-01' }))
    await new Promise((resolve) => setTimeout(resolve, 10))
    const second = runner.run(notebook, ['from'], () => ({ from: '2026-11-20' }))
    const drain = setInterval(() => pending.splice(0).forEach((resolve) => resolve()), 5)
    await Promise.all([first, second])
    clearInterval(drain)
    const daily = finished.filter((f) => f.cell === 'daily')
    expect(daily).toHaveLength(1)
    expect(finished.filter((f) => f.cell === 'reasons')).toHaveLength(1)
  })

  it('shows a cycle on both cells and runs neither', async () => {
    const { runner, finished, log } = fakes()
    const cyclic: Notebook = { cells: [{ kind: 'sql', name: 'a', sql: 'select * from b' }, { kind: 'sql', name: 'b', sql: 'select * from a' }] }
    references['select * from b'] = { tables: ['b'], parameters: [] }
    references['select * from a'] = { tables: ['a'], parameters: [] }
    await runner.run(cyclic, 'all', () => ({}))
    expect(finished.map((f) => [f.cell, f.result.status, f.result.error?.code])).toEqual([
      ['a', 'error', 'cycle'],
      ['b', 'error', 'cycle'],
    ])
    expect(log).toEqual([])
  })
})
