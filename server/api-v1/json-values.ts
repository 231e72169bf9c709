/**
 * JSON for API clients: DuckDB's JSON conversion writes 64-bit integers as strings (they may
 * not fit a double); BI tools expect numbers, so integers that fit exactly become numbers again
 * and only larger ones stay strings.
 */

const WIDE_INTEGERS = new Set(['BIGINT', 'UBIGINT', 'HUGEINT', 'UHUGEINT'])

export function numbersWhereSafe(rows: Record<string, unknown>[], columns: { name: string; type: string }[]): Record<string, unknown>[] {
  const wide = columns.filter((column) => WIDE_INTEGERS.has(column.type.toUpperCase())).map((column) => column.name)
  if (wide.length === 0) return rows
  return rows.map((row) => {
    const out = { ...row }
    for (const name of wide) {
      const value = out[name]
      if (typeof value !== 'string') continue
      const number = Number(value)
      if (Number.isSafeInteger(number)) out[name] = number
    }
    return out
  })
}
