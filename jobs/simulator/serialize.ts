/**
 * Rows to the text of a CSV, a JSON array or a JSON-lines file, the way MES exports write
 * them: CSV in canonical column order with RFC 4180 quoting, optionally with a byte-order mark
 * and CRLF (Windows); JSON keeps each value's JSON type, so a number sent as a string stays one.
 */
import { MalformedLine, type DirtyRow } from './dirt.ts'
import type { LooseRow } from './rows.ts'

export interface CsvOptions {
  bom?: boolean
  crlf?: boolean
}

export function toCsv(rows: readonly DirtyRow[], columns: readonly string[], options: CsvOptions = {}): string {
  const eol = options.crlf === true ? '\r\n' : '\n'
  const lines = [columns.map(csvField).join(','), ...rows.map((row) => columns.map((c) => csvField(plain(row)[c])).join(','))]
  return (options.bom === true ? '\uFEFF' : '') + lines.map((line) => line + eol).join('')
}

/** Quotes text that needs it, and text that looks like a number (it was sent as text). */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value !== 'string') return String(value)
  const numeric = value.trim() !== '' && Number.isFinite(Number(value))
  return numeric || /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value
}

export function toJsonArray(rows: readonly DirtyRow[]): string {
  return `${JSON.stringify(rows.map(plain), null, 2)}\n`
}

export function toJsonLines(rows: readonly DirtyRow[]): string {
  return rows.map((row) => `${row instanceof MalformedLine ? row.text : JSON.stringify(row)}\n`).join('')
}

/** A malformed line only exists in a JSON-lines file; elsewhere it is a programming error. */
export function plain(row: DirtyRow): LooseRow {
  if (row instanceof MalformedLine) throw new TypeError('a malformed line can only be written to a JSON-lines file')
  return row
}
