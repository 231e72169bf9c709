/**
 * Shows the catalog to DuckDB: one schema per layer and one view per table over the table's
 * Parquet files as of a snapshot. Keyed tables show only the latest version of each key
 * (merge on read), so a corrected re-export replaces old rows without rewriting files.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import type { Catalog } from './catalog.ts'
import { filesRelation, localFiles, type LocalFile } from './file-relation.ts'
import { filesAsOf } from './snapshots.ts'
import { quoteIdent } from './sql-text.ts'
import { listTables, type RegisteredTable } from './table-registry.ts'

export interface ViewOptions {
  /** Show the catalog as of this snapshot; default: the latest. */
  asOf?: number
  /** Only the views of these tables (binding a view reads its files' metadata); default all. The schemas are all made. */
  tables?: (name: string) => boolean
}

export async function createCatalogViews(connection: DuckDBConnection, catalog: Catalog, options: ViewOptions = {}): Promise<void> {
  for (const statement of await catalogViewStatements(catalog, options)) await connection.run(statement)
}

/**
 * The statements that create the catalog's schemas and views as of a snapshot, as text, so that
 * another process (the SQL sandbox's workers) can apply them without access to the app
 * database. For an S3 catalog this fetches the files into the local read cache first.
 */
export async function catalogViewStatements(catalog: Catalog, options: ViewOptions = {}): Promise<string[]> {
  const tables = await listTables(catalog)
  const schemas = new Set(tables.map((table) => table.name.split('.')[0]!))
  const statements = [...schemas].map((schema) => `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`)
  for (const table of tables) {
    if (options.tables !== undefined && !options.tables(table.name)) continue
    const files = await filesAsOf(catalog, table.name, options.asOf)
    statements.push(`CREATE OR REPLACE VIEW ${qualified(table.name)} AS ${viewSql(table, await localFiles(catalog, files))}`)
  }
  return statements
}

/** The SELECT behind a table's view, over the given local files (a plain string is a Parquet file). */
export function viewSql(table: Pick<RegisteredTable, 'columns' | 'key' | 'orderBy'>, paths: ReadonlyArray<string | LocalFile>): string {
  if (paths.length === 0) {
    const typedNulls = table.columns.map((column) => `NULL::${column.type} AS ${quoteIdent(column.name)}`).join(', ')
    return `SELECT ${typedNulls} WHERE false`
  }
  const columns = table.columns.map((column) => `CAST(${quoteIdent(column.name)} AS ${column.type}) AS ${quoteIdent(column.name)}`).join(', ')
  const files = filesRelation(paths)
  if (table.key === undefined || table.key.length === 0) return `SELECT ${columns} FROM ${files}`
  const partition = table.key.map(quoteIdent).join(', ')
  const order = (table.orderBy ?? []).map((column) => `${quoteIdent(column)} DESC`).join(', ') || '1'
  return `SELECT ${columns} FROM ${files} QUALIFY row_number() OVER (PARTITION BY ${partition} ORDER BY ${order}) = 1`
}

function qualified(name: string): string {
  return name.split('.').map(quoteIdent).join('.')
}
