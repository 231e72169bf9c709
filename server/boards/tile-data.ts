/**
 * A tile's data: its cell run on the server over the cells published with the board (or, for
 * an editor's draft, the notebook's current file), with the board's inputs bound as parameters,
 * through the sandboxed SQL service — as of the snapshot its source tables were last committed
 * at (or the `asOf` asked for). Runs are shared through one TileCache, so viewers of the same
 * board version and inputs cost one run per tile per refresh. The answer says what was read,
 * when, and how much of the source was quarantined in the window.
 */
import { interpolateMarkdown, markdownReferences, plantDayOf, type InputCell, type MarkdownValue, type Notebook, type SqlReferencePort } from '../../cells/index.ts'
import { listTables, type Catalog } from '../../catalog/index.ts'
import type { AppDb } from '../../db/index.ts'
import { apiErrorOfSql } from '../http/sql-error-codes.ts'
import { bindInputs } from '../notebooks/run-inputs.ts'
import { cancelledError, SqlError } from '../sql/sql-errors.ts'
import { runSql, type SqlService } from '../sql/sql-service.ts'
import { positionInCell } from '../../cells/index.ts'
import type { Board, Tile, TileData } from './board-schemas.ts'
import { quarantinedRows, requireSnapshot, snapshotTime, sourceSnapshot } from './source-facts.ts'
import { RunLimiter } from './run-limiter.ts'
import { TileCache } from './tile-cache.ts'
import { resolveBoardInputs, tileRunInputs, usedRunInputs, type BoardValue } from './tile-inputs.ts'
import { planTile, type SqlTilePlan, type TilePlan } from './tile-plan.ts'

export interface TileServiceOptions {
  db: AppDb
  sql: SqlService
  catalog: Catalog
  plantTz: string
  references: SqlReferencePort
  clock?: () => Date
}

/** What a board run needs of the board: the board and its cells, frozen or current. */
export interface TileSource {
  board: Board
  /** The notebook files the tiles read, parsed. */
  notebook(id: number): Promise<Notebook | undefined>
  /** Identifies the cells: `v<version>` of a published board; drafts are not cached across edits. */
  cellsKey: string
}

export interface TileRequest {
  /** Board input values by name, as given in the query string. */
  inputs: Record<string, string>
  asOf?: number
  /** The viewer's request: a shared run stops once every viewer waiting for it has gone. */
  signal?: AbortSignal
  /** An editor running a draft: their own SQL queue, as for their notebook runs. */
  user?: string
}

type CellRun = { ok: true; columns: { name: string; type: string }[]; rows: unknown[][]; truncated: boolean } | { ok: false; error: NonNullable<TileData['error']> }

/** Without a refresh interval, a kept result is reused for at most this long (SQL may read now()). */
const DEFAULT_MAX_AGE_MS = 300_000
const DAY_MS = 86_400_000
/** Runs of one board at the SQL service at once: its per-user limit (COCKPIT_SQL_PER_USER's default). */
const RUN_SLOTS = 2

/** A run stopped before its turn answers like one stopped in the sandbox (nobody reads it). */
function cancelledRun(error: unknown): CellRun {
  if (!(error instanceof SqlError)) throw error
  return { ok: false, error: { code: apiErrorOfSql(error).code, message: error.message } }
}

export class TileService {
  // Failed runs answer as values (the tile shows the error) but are not kept: the next viewer tries again.
  // At most 500,000 rows kept in all (a tile answers at most 10,000): tens of MB, not gigabytes.
  readonly cache = new TileCache<CellRun>({ keep: (run) => run.ok, weigh: (run) => (run.ok ? run.rows.length : 0), maxWeight: 500_000 })
  readonly #plans = new Map<string, Promise<TilePlan>>()
  /** Per board (published runs) or editor (draft runs): see ./run-limiter.ts. */
  readonly #limiters = new Map<string, RunLimiter>()
  readonly #options: TileServiceOptions

  constructor(options: TileServiceOptions) {
    this.#options = options
  }

  async tileData(source: TileSource, tile: Tile, request: TileRequest): Promise<TileData> {
    const now = this.#options.clock?.() ?? new Date()
    const values = resolveBoardInputs(source.board.inputs, request.inputs, now, this.#options.plantTz)
    // An alerts tile reads no cell: its route is ../routes/board-alerts.ts; here it answers "no notebook".
    const notebook = tile.notebook === undefined ? undefined : await source.notebook(tile.notebook)
    const base = { board: source.board.id, version: source.board.version, tile: tile.id, kind: tile.kind, ...(tile.stat !== undefined && { stat: tile.stat }) }
    const plan = notebook === undefined ? ({ type: 'error', error: { code: 'not-found', message: `no notebook ${tile.notebook}` } } as const) : await this.#plan(source, tile, notebook)
    const inputs = notebook === undefined ? {} : tileRunInputs(notebook, tile, values)
    const window = windowOf(values, now)
    if (plan.type === 'error') return { ...base, status: 'error', error: plan.error, ...(await this.#facts([], window, request.asOf)), inputs, computedAt: now.toISOString(), cached: false }
    if (plan.type === 'static') {
      const markdown = plan.markdown === undefined ? undefined : await this.#markdown(source, tile, notebook!, plan.markdown, values, request)
      return { ...base, status: 'ok', ...(plan.spec !== undefined && { spec: plan.spec }), ...(markdown !== undefined && { markdown: markdown.text }), ...(await this.#facts([], window, request.asOf)), inputs: markdown?.inputs ?? {}, computedAt: now.toISOString(), cached: false }
    }
    const facts = await this.#facts(plan.tables, window, request.asOf)
    const run = await this.#run(source, tile, notebook!, plan, inputs, facts.snapshot, request)
    const answer = { ...base, ...facts, inputs: usedRunInputs(notebook!, plan.composed.parameters, inputs), ...(plan.spec !== undefined && { spec: plan.spec }), computedAt: new Date(run.computedAt).toISOString(), cached: run.cached }
    if (!run.value.ok) return { ...answer, status: 'error', error: run.value.error }
    return { ...answer, status: 'ok', columns: run.value.columns, rows: run.value.rows, rowCount: run.value.rows.length, truncated: run.value.truncated }
  }

  async #plan(source: TileSource, tile: Tile, notebook: Notebook): Promise<TilePlan> {
    const key = `${source.board.id}/${source.cellsKey}/${tile.notebook}/${tile.kind}/${tile.cell}`
    let plan = this.#plans.get(key)
    if (plan === undefined) {
      const tables = (await listTables(this.#options.catalog)).map((table) => table.name)
      plan = planTile(notebook, tile, this.#options.references, tables)
      // Drafts change under the same key: only published plans are kept, and not a failed one.
      if (source.board.version !== null) {
        this.#plans.set(key, plan)
        plan.catch(() => this.#plans.delete(key))
      }
    }
    return plan
  }

  async #run(source: TileSource, tile: Tile, notebook: Notebook, plan: SqlTilePlan, inputs: ReturnType<typeof tileRunInputs>, snapshot: number, request: TileRequest) {
    const values = bindInputs(notebook, inputs, plantDayOf(this.#options.clock?.() ?? new Date(), this.#options.plantTz))
    const params = Object.fromEntries(plan.composed.parameters.map((name) => [name, values[name] ?? null]))
    const draft = source.board.version === null ? `draft@${Date.now()}` : source.cellsKey
    const key = JSON.stringify([source.board.id, draft, tile.notebook, plan.cell, params, snapshot])
    const maxAge = (tile.refreshSeconds ?? DEFAULT_MAX_AGE_MS / 1000) * 1000
    // `snapshot` is already the last commit to the tables read at or before any asOf: the same data.
    const user = source.board.version === null && request.user !== undefined ? request.user : `board:${source.board.id}`
    return this.cache.get(key, maxAge, (signal) => this.#limiter(user).run(() => this.#runSql(plan, params, snapshot, user, signal), signal, cancelledError).catch(cancelledRun), request.signal)
  }

  #limiter(user: string): RunLimiter {
    let limiter = this.#limiters.get(user)
    if (limiter === undefined) this.#limiters.set(user, (limiter = new RunLimiter(RUN_SLOTS)))
    // Idle limiters go, so boards and editors come and go without a trace.
    for (const [name, idle] of this.#limiters) if (idle.pending === 0 && name !== user) this.#limiters.delete(name)
    return limiter
  }

  async #runSql(plan: SqlTilePlan, params: Record<string, string | number | null>, snapshot: number, user: string, signal: AbortSignal): Promise<CellRun> {
    try {
      // A published board's runs are shared by its viewers: the board's own queue, the sandbox's limits.
      const result = await runSql(this.#options.sql, { sql: plan.composed.sql, params, asOf: snapshot, user, signal })
      return { ok: true, columns: result.columns, rows: result.rows, truncated: result.truncated }
    } catch (error) {
      if (!(error instanceof SqlError)) throw error
      const at = error.line === undefined ? undefined : positionInCell(plan.composed, plan.cellSql, error.line, error.column ?? 1)
      return { ok: false, error: { code: apiErrorOfSql(error).code, message: error.message, ...at } }
    }
  }

  /**
   * A markdown tile's text with inputs and scalar sql results interpolated (escaped; no markup
   * added), and the cell inputs it read: those it names and those its sql references bind.
   */
  async #markdown(source: TileSource, tile: Tile, notebook: Notebook, text: string, values: Record<string, BoardValue>, request: TileRequest): Promise<{ text: string; inputs: TileData['inputs'] }> {
    const inputs = tileRunInputs(notebook, tile, values)
    const bound = bindInputs(notebook, inputs, plantDayOf(this.#options.clock?.() ?? new Date(), this.#options.plantTz))
    const scalars: Record<string, MarkdownValue | undefined> = {}
    const used: TileData['inputs'] = {}
    for (const name of markdownReferences(text)) {
      const input = notebook.cells.find((cell): cell is InputCell => cell.kind === 'input' && cell.name === name)
      if (input !== undefined) {
        scalars[name] = bound[name] ?? undefined
        used[name] = inputs[name] ?? null
      } else if (notebook.cells.some((cell) => cell.kind === 'sql' && cell.name === name)) {
        const data = await this.tileData({ ...source }, { ...tile, kind: 'table', cell: name }, request)
        Object.assign(used, data.inputs)
        if (data.rows?.length === 1 && data.rows[0]!.length === 1) scalars[name] = data.rows[0]![0] as MarkdownValue
      }
    }
    return { text: interpolateMarkdown(text, scalars).text, inputs: used }
  }

  async #facts(tables: string[], window: { from: string; to: string }, asOf: number | undefined) {
    const { db } = this.#options
    if (asOf !== undefined) await requireSnapshot(db, asOf)
    const snapshot = await sourceSnapshot(db, tables, asOf)
    return { tables, snapshot, asOf: asOf !== undefined, sourceUpdatedAt: await snapshotTime(db, snapshot), quality: await quarantinedRows(db, tables, window, snapshot) }
  }
}

/** The quality window: the board's first time range, or the last 24 hours. */
function windowOf(values: Record<string, BoardValue>, now: Date): { from: string; to: string } {
  const range = Object.values(values).find((value) => value.kind === 'time-range')
  if (range?.kind === 'time-range') return { from: range.range.from, to: range.range.to }
  return { from: new Date(now.getTime() - DAY_MS).toISOString(), to: now.toISOString() }
}
