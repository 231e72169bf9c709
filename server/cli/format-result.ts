/** Prints a SQL result as an aligned text table, JSON rows or CSV. */
import type { SqlResult } from '../sql/sql-service.ts'

export const OUTPUT_FORMATS = ['table', 'json', 'csv'] as const
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]

export function formatResult(result: Pick<SqlResult, 'columns' | 'rows'>, format: OutputFormat): string {
  if (format === 'json') return JSON.stringify(result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c.name, row[i] ?? null]))), null, 2)
  if (format === 'csv') return [result.columns.map((c) => csvCell(c.name)), ...result.rows.map((row) => row.map(csvCell))].map((cells) => cells.join(',')).join('\n')
  return textTable(result.columns.map((c) => c.name), result.rows.map((row) => row.map(display)))
}

export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((name, i) => Math.min(60, Math.max(name.length, ...rows.map((row) => (row[i] ?? '').length))))
  const line = (cells: string[]): string => cells.map((cell, i) => fit(cell, widths[i] ?? 0)).join('  ').trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

function fit(cell: string, width: number): string {
  return cell.length > width ? `${cell.slice(0, width - 1)}…` : cell.padEnd(width)
}

function display(value: unknown): string {
  if (value === null || value === undefined) return 'NULL'
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value)
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}
