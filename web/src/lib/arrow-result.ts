/**
 * An Arrow IPC stream from `/api/query` (format "arrow") as the rows a table or a chart reads:
 * plain JavaScript values, one array per row, and each column's type named the way DuckDB names
 * it, so the data table can align numbers and write times in plant time. Arrow keeps full
 * precision on the wire (microsecond timestamps, 128-bit decimals); here a value becomes a
 * number where it fits and a string where it would lose digits.
 */
import { DataType, tableFromIPC, Type, util, type Decimal, type Field, type Table } from 'apache-arrow'

export interface ResultColumn {
  name: string
  /** DuckDB-style type name (BIGINT, DOUBLE, TIMESTAMP, DATE, VARCHAR, DECIMAL(18,3) …). */
  type: string
}

export interface DecodedResult {
  columns: ResultColumn[]
  rows: unknown[][]
}

/** The DuckDB name of the Arrow type the server encoded a column as (server/sql/arrow-encoding.ts). */
export function duckDbTypeName(type: DataType): string {
  if (DataType.isTimestamp(type)) return type.timezone ? 'TIMESTAMP WITH TIME ZONE' : 'TIMESTAMP'
  if (DataType.isDecimal(type)) return `DECIMAL(${type.precision},${type.scale})`
  if (DataType.isInt(type)) return `${type.isSigned ? '' : 'U'}${({ 8: 'TINYINT', 16: 'SMALLINT', 32: 'INTEGER', 64: 'BIGINT' } as const)[type.bitWidth]}`
  if (DataType.isFloat(type)) return type.precision === 1 ? 'FLOAT' : 'DOUBLE'
  if (DataType.isDate(type)) return 'DATE'
  if (DataType.isTime(type)) return 'TIME'
  if (DataType.isBool(type)) return 'BOOLEAN'
  if (DataType.isBinary(type)) return 'BLOB'
  return 'VARCHAR'
}

type Convert = (value: unknown) => unknown

/** How one column's Arrow values become plain values; chosen once per column, not per cell. */
function converter(field: Field): Convert {
  const type = field.type as DataType
  switch (type.typeId) {
    case Type.Timestamp:
      // Arrow JS gives epoch milliseconds (fractional for µs); ISO text is what plantTime reads.
      return (v) => new Date(v as number).toISOString()
    case Type.Date:
      return (v) => new Date(v as number).toISOString().slice(0, 10)
    case Type.Decimal: {
      const scale = (type as Decimal).scale
      const precision = (type as Decimal).precision
      // Up to 15 significant digits survive a double exactly; beyond, keep the digits as text.
      if (precision <= 15) return (v) => util.bigNumToNumber(v as Parameters<typeof util.bigNumToNumber>[0], scale)
      return (v) => decimalText(util.bigNumToBigInt(v as Parameters<typeof util.bigNumToBigInt>[0]), scale)
    }
    case Type.Int:
      return (v) => (typeof v === 'bigint' ? (v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString()) : v)
    case Type.Binary:
      return (v) => `${(v as Uint8Array).length} bytes`
    default:
      return (v) => v
  }
}

/** An unscaled decimal as exact text: 123456n at scale 3 is "123.456". */
export function decimalText(unscaled: bigint, scale: number): string {
  if (scale === 0) return unscaled.toString()
  const negative = unscaled < 0n
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0')
  return `${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`
}

/** Rows of an Arrow table, column by column (a vector's own iterator is far faster than row proxies). */
export function tableRows(table: Table): DecodedResult {
  const fields = table.schema.fields
  const rows: unknown[][] = Array.from({ length: table.numRows }, () => new Array<unknown>(fields.length))
  fields.forEach((field, j) => {
    const convert = converter(field)
    let i = 0
    for (const value of table.getChildAt(j)!) rows[i++]![j] = value === null || value === undefined ? null : convert(value)
  })
  return { columns: fields.map((field) => ({ name: field.name, type: duckDbTypeName(field.type as DataType) })), rows }
}

/** Decodes the bytes of an Arrow IPC stream. */
export function decodeArrow(bytes: Uint8Array): DecodedResult {
  return tableRows(tableFromIPC(bytes))
}
