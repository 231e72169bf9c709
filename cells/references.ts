/**
 * What a sql cell reads, as DuckDB's own parser sees it. cells/ runs no SQL, so the parser comes
 * in through a port (implemented on the server and in duckdb-wasm with `json_serialize_sql`):
 * never a regular expression over SQL, which cannot tell a table from a column, a string or a
 * comment. A table named like a cell (unqualified) is that cell's result; `$name` parameters are
 * inputs.
 */
import type { Notebook } from './cell.ts'

export interface SqlReferences {
  /**
   * Tables and views the statement reads, as written: `kpi.machine_daily`, `oee`. Not the names
   * of its own CTEs (`json_serialize_sql` shows a CTE read as a BASE_TABLE too: drop those the
   * statement defines), or a cell defining `with oee as (…)` would seem to read the cell `oee`.
   */
  tables: string[]
  /** Named parameters, without the `$`: `$from` is `from`. */
  parameters: string[]
}

export interface SqlReferencePort {
  /** Rejects when the statement does not parse; the rejection's message is shown at the cell. */
  references(sql: string): Promise<SqlReferences>
}

/** A sql cell's references, or why they could not be found (a syntax error). */
export type CellReferences = SqlReferences | { error: string }

/** By sql cell name. */
export type ReferencesByCell = Readonly<Record<string, CellReferences>>

/** Asks the port about every sql cell of a notebook, in parallel. */
export async function collectReferences(notebook: Notebook, port: SqlReferencePort): Promise<Record<string, CellReferences>> {
  const entries = await Promise.all(
    notebook.cells.flatMap((cell) =>
      cell.kind === 'sql' ? [port.references(cell.sql).then((refs): [string, CellReferences] => [cell.name, normalizeReferences(refs)], (error: unknown): [string, CellReferences] => [cell.name, { error: messageOf(error) }])] : [],
    ),
  )
  return Object.fromEntries(entries)
}

/** Parameters without a leading `$`, each name once. */
export function normalizeReferences(refs: SqlReferences): SqlReferences {
  return { tables: [...new Set(refs.tables)], parameters: [...new Set(refs.parameters.map((name) => name.replace(/^\$/, '')))] }
}

/** The cell a table reference names: an unqualified name, compared as DuckDB folds it. */
export function tableCellName(table: string): string | undefined {
  return table.includes('.') ? undefined : table.toLowerCase()
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
