/**
 * Query results as CSV after RFC 4180: a header row, CRLF line ends, fields quoted when they
 * hold a comma, a quote or a line break, quotes doubled. NULL is an empty field; nested values
 * (lists, structs) are their JSON text.
 */

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return ''
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`
}

export function encodeCsv(columnNames: readonly string[], rows: readonly (readonly unknown[])[]): string {
  let text = csvRow(columnNames)
  for (const row of rows) text += csvRow(row)
  return text
}
