/**
 * Runs a whole notebook headless — POST /api/notebooks/{id}/run and `cockpit notebook run` use
 * this one runner, so both give the same results. The file is parsed and planned by cells/
 * (references from DuckDB's parser through ./duckdb-references.ts, the graph, the full run
 * plan); each sql cell runs through the SQL service as ONE statement with the cells it reads as
 * CTEs (composeCellSql), inputs bound as parameters — the sandbox, the limits and the caller's
 * per-user queue unchanged, stopped when the caller's signal aborts. A cell whose upstream
 * failed is `skipped`; a cell with a graph error (cycle, unknown name, …) is an `error`.
 */
import { buildGraph, cellId, collectReferences, composeCellSql, dropdownValue, isNamedCell, optionsFromRows, planFullRun, positionInCell, type Cell, type ComposedSql, type InputCell, type InputScalar, type Notebook, type SqlCell } from '../../cells/index.ts'
import { apiErrorOfSql } from '../http/sql-error-codes.ts'
import { SqlError } from '../sql/sql-errors.ts'
import { runSql, type SqlService } from '../sql/sql-service.ts'
import { parseOrRefuse } from './notebook-check.ts'
import type { CellResult, RunInputs, RunResult } from './notebook-schemas.ts'
import { bindInputs } from './run-inputs.ts'
import type { DuckDbReferencePort } from './duckdb-references.ts'

export interface NotebookRunnerOptions {
  sql: SqlService
  references: Pick<DuckDbReferencePort, 'references'>
  /** The plant-local day (YYYY-MM-DD) relative date defaults count from; default: today in UTC. */
  today?: () => string
  /** The catalog's tables (`schema.table`): a cell named like one is an error, as in the editor. */
  catalogTables?: () => Promise<string[]>
  /** Rows a sql cell returns at most (default: the SQL service's default, 10,000). */
  limit?: number
}

export interface RunRequest {
  inputs: RunInputs
  user?: string
  signal?: AbortSignal
}

export type NotebookRunner = (text: string, request: RunRequest) => Promise<RunResult>

export function notebookRunner(options: NotebookRunnerOptions): NotebookRunner {
  return (text, request) => runNotebook(options, parseOrRefuse(text), request)
}

export async function runNotebook(options: NotebookRunnerOptions, notebook: Notebook, request: RunRequest): Promise<RunResult> {
  const values = bindInputs(notebook, request.inputs, options.today?.() ?? new Date().toISOString().slice(0, 10))
  const references = await collectReferences(notebook, options.references)
  const graph = buildGraph(notebook, { references, catalogTables: await options.catalogTables?.() })
  const plan = planFullRun(graph)
  const results = new Map<string, CellResult>()
  const cells = new Map(notebook.cells.map((cell, index) => [cellId(cell, index), cell]))

  for (const error of graph.errors) if (!results.has(error.cell)) results.set(error.cell, { ...base(cells.get(error.cell)!, error.cell), status: 'error', error: { code: error.code, message: error.message } })
  for (const skipped of plan.skipped) if (!results.has(skipped.cell)) results.set(skipped.cell, skippedResult(cells.get(skipped.cell)!, skipped.cell, skipped.reason))

  for (const id of plan.run) {
    const cell = cells.get(id)!
    const failed = graph.nodes.get(id)!.dependsOn.find((dep) => results.get(dep)?.status !== 'ok')
    if (failed !== undefined) {
      results.set(id, skippedResult(cell, id, `depends on ${failed}, which ${results.get(failed)?.status === 'skipped' ? 'was skipped' : 'failed'}`))
      continue
    }
    if (cell.kind === 'sql') results.set(id, await runSqlCell(options, notebook, cell, references, values, request))
    else if (cell.kind === 'input') results.set(id, inputResult(cell, values, results))
    else results.set(id, { ...base(cell, id), status: 'ok' })
  }
  return { cells: notebook.cells.map((cell, index) => results.get(cellId(cell, index)) ?? skippedResult(cell, cellId(cell, index), 'not planned')) }
}

async function runSqlCell(options: NotebookRunnerOptions, notebook: Notebook, cell: SqlCell, references: Parameters<typeof composeCellSql>[2], values: Record<string, InputScalar>, request: RunRequest): Promise<CellResult> {
  const composed = composeCellSql(notebook, cell.name, references)
  const params = Object.fromEntries(composed.parameters.map((name) => [name, values[name] ?? null]))
  try {
    const result = await runSql(options.sql, { sql: composed.sql, params, limit: options.limit, user: request.user, signal: request.signal })
    return { ...base(cell, cell.name), status: 'ok', columns: result.columns, rows: result.rows, rowCount: result.rows.length, truncated: result.truncated }
  } catch (error) {
    // A run whose caller went away ends here; what it answers, nobody reads.
    if (request.signal?.aborted === true || !(error instanceof SqlError)) throw error
    const apiError = apiErrorOfSql(error)
    return { ...base(cell, cell.name), status: 'error', error: { code: apiError.code, message: error.message, ...positionOf(composed, cell.sql, error) } }
  }
}

/**
 * DuckDB points into the composed statement; the cell's author reads their own text. A spot in
 * an upstream cell's CTE is not in this cell's text and is left out.
 */
function positionOf(composed: ComposedSql, own: string, error: SqlError): { line?: number; column?: number } {
  if (error.line === undefined) return {}
  const at = positionInCell(composed, own, error.line, error.column ?? 1)
  if (at === undefined) return {}
  return error.column === undefined ? { line: at.line } : at
}

/**
 * A dropdown whose options come from a sql cell can only be checked once that cell ran: a value
 * given that is not in its first column is the input's error, and what reads it is skipped.
 * Without a value or default it takes the first option (cells/dropdown-options.ts, as the
 * editor does), bound for the cells after it in the plan.
 */
function inputResult(cell: InputCell, values: Record<string, InputScalar>, results: ReadonlyMap<string, CellResult>): CellResult {
  if (cell.spec.type !== 'dropdown' || cell.spec.optionsFrom === undefined) return { ...base(cell, cell.name), status: 'ok' }
  const options = optionsFromRows(results.get(cell.spec.optionsFrom)?.rows ?? [])
  const value = (values[cell.name] = dropdownValue(cell.spec, values[cell.name], options))
  if (value === null || options.some((option) => String(option) === String(value))) return { ...base(cell, cell.name), status: 'ok' }
  const shown = options.slice(0, 10).join(', ') + (options.length > 10 ? ', …' : '')
  return { ...base(cell, cell.name), status: 'error', error: { code: 'bad-request', message: `${JSON.stringify(value)} is not one of the options from ${cell.spec.optionsFrom}${options.length === 0 ? ' (it has none)' : `: ${shown}`}` } }
}

function base(cell: Cell, id: string): Pick<CellResult, 'name' | 'kind'> {
  return { name: isNamedCell(cell) ? cell.name : id, kind: cell.kind }
}

function skippedResult(cell: Cell, id: string, reason: string): CellResult {
  return { ...base(cell, id), status: 'skipped', error: { code: 'skipped', message: reason } }
}
