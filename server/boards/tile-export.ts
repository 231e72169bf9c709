/**
 * A tile's rows as the files people open elsewhere: CSV with a header row and ISO 8601
 * timestamps (`2026-12-03T14:20:22.739Z`, what Excel, pandas and Power BI read as times), and
 * Parquet written by DuckDB with the result's own column types. The rows are the shared run's
 * (JSON-safe values), so an export costs no second run of the cell.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { openDuckDbSession } from '../../jobs/index.ts'
import { quoteIdent, quoteLiteral } from '../../catalog/index.ts'
import { API_ERROR_CODES, ApiError, type ApiErrorCode } from '../http/api-error.ts'
import { encodeCsv } from '../sql/csv-encoding.ts'
import type { TileData } from './board-schemas.ts'

type Column = { name: string; type: string }

/** `2026-12-03 14:20:22.739+00` (DuckDB's text) → `2026-12-03T14:20:22.739Z`; naive times keep no zone. */
export function isoTimestamp(value: string): string {
  const iso = value.replace(' ', 'T')
  if (iso.endsWith('+00')) return `${iso.slice(0, -3)}Z`
  return /[+-]\d{2}$/.test(iso) ? `${iso}:00` : iso
}

export function tileCsv(columns: readonly Column[], rows: readonly (readonly unknown[])[]): string {
  const times = columns.map((column) => column.type.startsWith('TIMESTAMP'))
  const isoRows = rows.map((row) => row.map((value, index) => (times[index] === true && typeof value === 'string' ? isoTimestamp(value) : value)))
  return encodeCsv(
    columns.map((column) => column.name),
    isoRows,
  )
}

export async function tileParquet(columns: readonly Column[], rows: readonly (readonly unknown[])[], tempDir: string, plantTz: string): Promise<Uint8Array> {
  await mkdir(tempDir, { recursive: true })
  const base = join(tempDir, `tile-${randomUUID()}`)
  const lines = rows.map((row) => JSON.stringify(Object.fromEntries(columns.map((column, index) => [column.name, row[index] ?? null])))).join('\n')
  await writeFile(`${base}.json`, lines)
  const session = await openDuckDbSession({ plantTz, tempDir })
  try {
    const types = `{${columns.map((column) => `${quoteLiteral(column.name)}: ${quoteLiteral(column.type)}`).join(', ')}}`
    const select = `SELECT ${columns.map((column) => quoteIdent(column.name)).join(', ')} FROM read_json(${quoteLiteral(`${base}.json`)}, format = 'newline_delimited', columns = ${types})`
    await session.connection.run(`COPY (${select}) TO ${quoteLiteral(`${base}.parquet`)} (FORMAT parquet, COMPRESSION zstd)`)
    return await readFile(`${base}.parquet`)
  } finally {
    session.close()
    await rm(`${base}.json`, { force: true })
    await rm(`${base}.parquet`, { force: true })
  }
}

const STATUS: Partial<Record<string, 400 | 404 | 408 | 503>> = { timeout: 408, busy: 503, unavailable: 503, 'not-found': 404 }

/** A tile that failed cannot be a file: its error as the answer. */
export function tileExportError(data: TileData): ApiError {
  const given = data.error?.code ?? 'query-failed'
  // A notebook's own codes (cycle, unknown-name, …) are no API codes: the cell failed.
  const code: ApiErrorCode = (API_ERROR_CODES as readonly string[]).includes(given) ? (given as ApiErrorCode) : 'query-failed'
  return new ApiError(STATUS[code] ?? 400, code, `tile ${data.tile}: ${data.error?.message ?? 'it has no rows'}`)
}
