/**
 * The editor's runs of a notebook, cell by cell (issue 13, "Reactivity" and "Where cells run").
 * A run is a plan of cells/: everything on opening, and after an edit or an input change exactly
 * the changed cells and what is downstream of them (planRun) — every other cell keeps its result.
 * Each sql cell runs where cells/' placement says: on the server's SQL service (Arrow, then loaded
 * into duckdb-wasm as the cell's table) or in duckdb-wasm with no round trip. The newest edit
 * wins (cells/' run-state): a plan cancels the runs in flight of the cells it re-runs, aborting
 * their requests (the server stops their queries), and a stale result is dropped.
 * Plans begin in the order they are asked, so no change is lost to a race between two edits.
 */
import { beginPlan, buildGraph, changedCells, collectReferences, finishRun, initialRunState, isCurrent, planRun, positionInCell, startRun, type ComposedSql, type Notebook, type NotebookGraph, type NotebookVersion, type ReferencesByCell, type RunTicket, type SqlReferencePort } from '../../../cells/index.ts'
import type { CellRun, Result } from '../lib/api.ts'
import type { DecodedResult } from '../lib/arrow-result.ts'
import { placeCell, WasmSqlError, type ArrowAnswer, type RunPlace, type WasmEngine } from '../engine/index.ts'

/** Rows a server answer may bring (the browser holds them all as the cell's table). */
export const SERVER_LIMIT = 100_000
/** Rows shown in a cell's table. */
export const DISPLAY_LIMIT = 10_000

export interface CellTiming {
  /** The cell's own run: its request or statement, reading the answer, loading it into duckdb-wasm. */
  ms: number
  /** Where a sql cell ran. */
  where?: RunPlace
  at: Date
}

export interface RunnerEffects {
  port: SqlReferencePort
  /** duckdb-wasm once it has loaded; undefined before (cells then run on the server). */
  engine: () => WasmEngine | undefined
  queryArrow: (sql: string, options: { params: Record<string, unknown>; limit: number; signal: AbortSignal }) => Promise<Result<ArrowAnswer>>
  /** The first `limit` rows of an Arrow IPC stream. */
  decode: (bytes: Uint8Array, limit: number) => DecodedResult
  catalogTables: () => Promise<readonly string[]>
  now: () => number
}

export interface RunnerEvents {
  graph(graph: NotebookGraph): void
  started(cell: string): void
  finished(cell: string, result: CellRun, timing: CellTiming): void
}

export interface NotebookRunner {
  /** Plans and runs: `all`, or the cells changed besides the edits since the last plan (an input whose value changed, a cell run by hand). */
  run(notebook: Notebook, changed: 'all' | readonly string[], params: () => Readonly<Record<string, unknown>>): Promise<void>
  /** duckdb-wasm is ready: load the server results that arrived before it. */
  hydrate(): Promise<void>
  /** A cell's result is gone (renamed, deleted): its table is no longer the cell's. */
  forget(cell: string): void
  /** Aborts every request in flight (the editor closes). */
  stop(): void
}

export function notebookRunner(effects: RunnerEffects, events: RunnerEvents): NotebookRunner {
  let state = initialRunState
  let previous: NotebookVersion | undefined
  let planning: Promise<unknown> = Promise.resolve()
  const results = new Map<string, CellRun>()
  /** Cells whose shown result duckdb-wasm holds, complete, as a table of the cell's name. */
  const loaded = new Set<string>()
  /** Complete server results that arrived before duckdb-wasm, to load when it is ready. */
  const waiting = new Map<string, { bytes: Uint8Array; result: CellRun }>()
  const inFlight = new Map<string, { generation: number; controller: AbortController; done: Promise<void> }>()

  const keep = (cell: string, result: CellRun, timing: CellTiming) => {
    results.set(cell, result)
    events.finished(cell, result, timing)
  }

  async function plan(notebook: Notebook, changed: 'all' | readonly string[], params: () => Readonly<Record<string, unknown>>) {
    const [references, catalogTables] = await Promise.all([collectReferences(notebook, effects.port), effects.catalogTables()])
    const graph = buildGraph(notebook, { references, catalogTables })
    events.graph(graph)
    const version = { notebook, graph }
    const ids = changed === 'all' || previous === undefined ? [...graph.nodes.keys()] : [...new Set([...changedCells(previous, version), ...changed])]
    previous = version
    const runPlan = planRun(graph, ids)
    const begun = beginPlan(state, runPlan.run)
    state = begun.state
    for (const ticket of begun.cancel) inFlight.get(ticket.cell)?.controller.abort()
    const at = new Date()
    const errored = new Set<string>()
    for (const error of graph.errors) {
      if (errored.has(error.cell)) continue
      errored.add(error.cell)
      keep(error.cell, { ...base(notebook, graph, error.cell), status: 'error', error: { code: error.code, message: error.message } }, { ms: 0, at })
    }
    for (const skipped of runPlan.skipped) if (!errored.has(skipped.cell)) keep(skipped.cell, skippedResult(notebook, graph, skipped.cell, skipped.reason), { ms: 0, at })
    for (const id of runPlan.run) events.started(id)
    return { notebook, graph, references, ids: runPlan.run, generation: begun.generation, params }
  }

  async function execute(planned: Awaited<ReturnType<typeof plan>>) {
    const { notebook, graph, references, params } = planned
    for (const id of planned.ids) {
      const ticket = { cell: id, generation: planned.generation }
      const deps = graph.nodes.get(id)!.dependsOn
      // A cell this one reads may still be running for an earlier plan.
      await Promise.all(deps.map((dep) => inFlight.get(dep)?.done))
      const started = startRun(state, ticket)
      if (!started.start) continue
      state = started.state
      const failed = deps.find((dep) => results.get(dep) !== undefined && results.get(dep)!.status !== 'ok')
      const cell = notebook.cells.find((candidate) => 'name' in candidate && candidate.name === id)
      let outcome: { result: CellRun; timing: CellTiming } | undefined
      if (failed !== undefined) outcome = { result: skippedResult(notebook, graph, id, `depends on ${failed}, which ${results.get(failed)!.status === 'skipped' ? 'was skipped' : 'failed'}`), timing: { ms: 0, at: new Date() } }
      else if (cell?.kind === 'sql') outcome = await runTracked(ticket, (signal) => runSqlCell(notebook, id, cell.sql, references, params, ticket, signal)).catch((error: unknown) => ({ result: { name: id, kind: 'sql' as const, status: 'error' as const, error: { code: 'internal', message: `the cell could not run: ${error instanceof Error ? error.message : String(error)}` } }, timing: { ms: 0, at: new Date() } }))
      else outcome = { result: { ...base(notebook, graph, id), status: 'ok' }, timing: { ms: 0, at: new Date() } }
      const finished = finishRun(state, ticket)
      state = finished.state
      if (finished.keep && outcome !== undefined) keep(id, outcome.result, outcome.timing)
    }
  }

  /** Runs a cell with its abort controller and completion known to later plans. */
  async function runTracked<T>(ticket: RunTicket, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController()
    let settle = () => {}
    const done = new Promise<void>((resolve) => (settle = resolve))
    inFlight.set(ticket.cell, { generation: ticket.generation, controller, done })
    try {
      return await work(controller.signal)
    } finally {
      if (inFlight.get(ticket.cell)?.generation === ticket.generation) inFlight.delete(ticket.cell)
      settle()
    }
  }

  async function runSqlCell(notebook: Notebook, name: string, own: string, references: ReferencesByCell, values: () => Readonly<Record<string, unknown>>, ticket: RunTicket, signal: AbortSignal): Promise<{ result: CellRun; timing: CellTiming } | undefined> {
    const engine = effects.engine()
    const placed = placeCell(notebook, name, references, engine === undefined ? undefined : loaded)
    // Read now: a dropdown's options may have arrived earlier in this run.
    const bound = values()
    const params = Object.fromEntries(placed.composed.parameters.map((parameter) => [parameter, bound[parameter] ?? null]))
    const startedAt = effects.now()
    const timing = () => ({ ms: effects.now() - startedAt, where: placed.where, at: new Date() })
    const ok = (decoded: DecodedResult, rowCount: number, truncated: boolean): CellRun => ({ name, kind: 'sql', status: 'ok', columns: decoded.columns, rows: decoded.rows, rowCount, truncated })
    loaded.delete(name)
    if (placed.where === 'browser') {
      try {
        const answer = await engine!.runIntoTable(name, placed.composed.sql, params, DISPLAY_LIMIT)
        if (isCurrent(state, ticket)) loaded.add(name)
        return { result: ok(answer, answer.total, answer.total > DISPLAY_LIMIT), timing: timing() }
      } catch (error) {
        if (!(error instanceof WasmSqlError)) throw error
        const code = /^(Parser|Binder|Catalog) Error/.test(error.message) ? 'invalid-sql' : 'query-failed'
        return { result: sqlError(name, placed.composed, own, { code, message: error.message, line: error.line, column: error.column }), timing: timing() }
      }
    }
    const answer = await effects.queryArrow(placed.composed.sql, { params, limit: SERVER_LIMIT, signal })
    if (signal.aborted) return undefined
    if (answer.error) return { result: sqlError(name, placed.composed, own, answer.error), timing: timing() }
    const { bytes, rowCount, truncated } = answer.data
    const result = ok(effects.decode(bytes, DISPLAY_LIMIT), rowCount, truncated || rowCount > DISPLAY_LIMIT)
    // A truncated answer is not the cell's whole result: cells reading it compose it on the server instead.
    if (!truncated && isCurrent(state, ticket)) {
      const ready = effects.engine()
      if (ready === undefined) waiting.set(name, { bytes, result })
      else {
        await ready.loadArrow(name, bytes)
        loaded.add(name)
      }
    }
    return { result, timing: timing() }
  }

  return {
    run(notebook, changed, params) {
      const planned = planning.then(() => plan(notebook, changed, params))
      planning = planned.catch(() => undefined)
      return planned.then(execute)
    },
    async hydrate() {
      const engine = effects.engine()
      if (engine === undefined) return
      for (const [name, { bytes, result }] of waiting) {
        waiting.delete(name)
        // Only the result still shown: a newer run replaced it otherwise.
        if (results.get(name) !== result) continue
        await engine.loadArrow(name, bytes)
        if (results.get(name) === result) loaded.add(name)
      }
    },
    forget(cell) {
      loaded.delete(cell)
      waiting.delete(cell)
      results.delete(cell)
    },
    stop() {
      for (const { controller } of inFlight.values()) controller.abort()
    },
  }
}

/** An error at the cell, its line and column in the cell's own text (left out when DuckDB points into an upstream cell). */
function sqlError(name: string, composed: ComposedSql, own: string, error: { code: string; message: string; line?: number; column?: number }): CellRun {
  const at = error.line === undefined ? undefined : positionInCell(composed, own, error.line, error.column ?? 1)
  const position = at === undefined ? {} : error.column === undefined ? { line: at.line } : at
  return { name, kind: 'sql', status: 'error', error: { code: error.code, message: error.message, ...position } }
}

function base(notebook: Notebook, graph: NotebookGraph, id: string): Pick<CellRun, 'name' | 'kind'> {
  return { name: id, kind: notebook.cells[graph.nodes.get(id)?.index ?? -1]?.kind ?? 'sql' }
}

function skippedResult(notebook: Notebook, graph: NotebookGraph, id: string, reason: string): CellRun {
  return { ...base(notebook, graph, id), status: 'skipped', error: { code: 'skipped', message: reason } }
}
