/**
 * Reads one page of a catalog table — as JSON-ready rows or as an export file (CSV, Parquet) —
 * in a DuckDB session of its own over the table's files as of one snapshot. The SQL is ours,
 * built by ./page-select.ts with every value a bound parameter; no user SQL runs here.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { filesAsOf, latestSnapshotId, localFiles, quoteLiteral, viewSql, type Catalog, type TableDefinition } from '../../catalog/index.ts'
import { openDuckDbSession } from '../../jobs/index.ts'
import type { Cursor } from './cursor.ts'
import { discard, exportPath } from './export-file.ts'
import { numbersWhereSafe } from './json-values.ts'
import { ArrowStreamEncoder } from '../sql/arrow-encoding.ts'
import { pageSelect, SOURCE_VIEW, type BoundSql, type PageColumn, type RowFilter } from './page-select.ts'

export type PageFormat = 'json' | 'csv' | 'parquet' | 'arrow'

export interface PageSource {
  catalog: Catalog
  plantTz: string
  /** DuckDB's spill folder. */
  tempDir: string
  /** Where export files are written before they are streamed (and deleted). */
  exportDir: string
}

export interface PageRequest {
  table: Pick<TableDefinition, 'name' | 'columns' | 'key' | 'orderBy'>
  filters: RowFilter[]
  orderFirst: string[]
  cursor?: Cursor
  limit: number
  format: PageFormat
}

export interface Page {
  snapshot: number
  offset: number
  columns: PageColumn[]
  /** Rows in this page. */
  rowCount: number
  /** More rows follow this page. */
  hasMore: boolean
  /** The rows, for JSON. */
  rows?: Record<string, unknown>[]
  /** The export file, for CSV and Parquet; the caller streams and deletes it. */
  file?: string
  /** The Arrow IPC stream, for Arrow. */
  arrow?: Uint8Array
}

export async function readCatalogPage(source: PageSource, request: PageRequest): Promise<Page> {
  const snapshot = request.cursor?.snapshot ?? (await latestSnapshotId(source.catalog))
  const offset = request.cursor?.offset ?? 0
  const session = await openDuckDbSession({ plantTz: source.plantTz, tempDir: source.tempDir, memoryLimit: '512MB' })
  try {
    const files = await filesAsOf(source.catalog, request.table.name, snapshot)
    // Raw tables keep source objects as they came (CSV, JSON, …): each file is read with its own reader.
    await session.connection.run(`CREATE VIEW ${SOURCE_VIEW} AS ${viewSql(request.table, await localFiles(source.catalog, files))}`)
    const select = pageSelect({
      columns: request.table.columns,
      filters: request.filters,
      orderFirst: request.orderFirst,
      offset,
      limit: request.limit + 1,
      encoding: request.format === 'parquet' || request.format === 'arrow' ? 'native' : 'text',
    })
    const base = { snapshot, offset, columns: request.table.columns }
    if (request.format === 'json') {
      const rows = (await session.connection.runAndReadAll(select.sql, select.params)).getRowObjectsJson()
      const page = numbersWhereSafe(rows.slice(0, request.limit), request.table.columns)
      return { ...base, rows: page, rowCount: page.length, hasMore: rows.length > request.limit }
    }
    if (request.format === 'arrow') return { ...base, ...(await arrowPage(session.connection, select, request.limit)) }
    return { ...base, ...(await exportPage(session.connection, source.exportDir, select, { ...request, format: request.format })) }
  } finally {
    session.close()
  }
}

/** Arrow IPC through the SQL service's encoder, from DuckDB's chunks (DuckDB itself cannot write Arrow here). */
async function arrowPage(connection: DuckDBConnection, select: BoundSql, limit: number): Promise<Pick<Page, 'arrow' | 'rowCount' | 'hasMore'>> {
  const result = await connection.stream(select.sql, select.params)
  const types = result.columnTypes()
  const encoder = new ArrowStreamEncoder(result.columnNames().map((name, i) => ({ name, type: types[i]! })))
  let rowCount = 0
  let hasMore = false
  for (let chunk = await result.fetchChunk(); chunk !== null && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const take = Math.min(chunk.rowCount, limit - rowCount)
    if (take > 0) encoder.pushChunk(chunk, take)
    rowCount += take
    if (take < chunk.rowCount) {
      hasMore = true
      break
    }
  }
  return { arrow: encoder.finish(), rowCount, hasMore }
}

async function exportPage(connection: DuckDBConnection, dir: string, select: BoundSql, request: PageRequest & { format: 'csv' | 'parquet' }): Promise<Pick<Page, 'file' | 'rowCount' | 'hasMore'>> {
  await connection.run(`CREATE TEMP TABLE page AS ${select.sql}`, select.params)
  const counted = (await connection.runAndReadAll('SELECT count(*)::INTEGER AS n FROM page')).getRowObjectsJson()[0]
  const total = Number(counted?.n ?? 0)
  const file = exportPath(dir, request.format)
  const options = request.format === 'csv' ? 'FORMAT csv, HEADER true' : 'FORMAT parquet, COMPRESSION zstd'
  try {
    // Insertion order of the temp table is the page's order; LIMIT drops the look-ahead row.
    await connection.run(`COPY (SELECT * FROM page LIMIT ${Number(request.limit)}) TO ${quoteLiteral(file)} (${options})`)
  } catch (error) {
    await discard(file)
    throw error
  }
  return { file, rowCount: Math.min(total, request.limit), hasMore: total > request.limit }
}
