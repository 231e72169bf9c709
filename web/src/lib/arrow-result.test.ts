/** The Arrow answers of /api/query become plain rows with DuckDB type names, without losing digits. */
import { Bool, DateDay, Decimal, Float64, Int32, Int64, makeData, makeVector, Table, tableToIPC, TimeUnit, Timestamp, Utf8, vectorFromArray } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { decimalText, decodeArrow } from './arrow-result.ts'

const data = <T extends import('apache-arrow').DataType>(type: T, values: ArrayLike<unknown>, length: number) =>
  makeVector(makeData({ type, length, nullCount: 0, data: values } as never) as import('apache-arrow').Data<T>)

describe('decoding an Arrow result', () => {
  it('names each column’s type as DuckDB does and turns values into plain ones', () => {
    const table = new Table({
      machine_id: vectorFromArray(['M01', null], new Utf8()),
      pieces: data(new Int64(), BigInt64Array.from([1234n, 9007199254740993n]), 2),
      shift: data(new Int32(), Int32Array.from([1, 2]), 2),
      oee: data(new Float64(), Float64Array.from([0.7573773346260304, 0.5]), 2),
      at: data(new Timestamp(TimeUnit.MICROSECOND), BigInt64Array.from([1764766213123456n, 0n]), 2),
      at_tz: data(new Timestamp(TimeUnit.MICROSECOND, 'UTC'), BigInt64Array.from([1764766213000000n, 0n]), 2),
      day: data(new DateDay(), Int32Array.from([20425, 0]), 2),
      scrap: data(new Decimal(3, 9, 128), new Uint32Array([12345, 0, 0, 0, 4294967295, 4294967295, 4294967295, 4294967295]), 2),
      running: vectorFromArray([true, false], new Bool()),
    })
    const result = decodeArrow(tableToIPC(table, 'stream'))
    expect(result.columns).toEqual([
      { name: 'machine_id', type: 'VARCHAR' },
      { name: 'pieces', type: 'BIGINT' },
      { name: 'shift', type: 'INTEGER' },
      { name: 'oee', type: 'DOUBLE' },
      { name: 'at', type: 'TIMESTAMP' },
      { name: 'at_tz', type: 'TIMESTAMP WITH TIME ZONE' },
      { name: 'day', type: 'DATE' },
      { name: 'scrap', type: 'DECIMAL(9,3)' },
      { name: 'running', type: 'BOOLEAN' },
    ])
    expect(result.rows[0]).toEqual(['M01', 1234, 1, 0.7573773346260304, '2025-12-03T12:50:13.123Z', '2025-12-03T12:50:13.000Z', '2025-12-03', 12.345, true])
    // A BIGINT past 2^53 stays exact as text; a null stays null; a negative decimal keeps its sign.
    expect(result.rows[1]).toEqual([null, '9007199254740993', 2, 0.5, '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z', '1970-01-01', -0.001, false])
  })

  it('keeps wide decimals exact as text', () => {
    expect(decimalText(123456n, 3)).toBe('123.456')
    expect(decimalText(-5n, 3)).toBe('-0.005')
    expect(decimalText(12345678901234567890n, 2)).toBe('123456789012345678.90')
    expect(decimalText(42n, 0)).toBe('42')
  })

  it('decodes an empty result to its columns and no rows', () => {
    const result = decodeArrow(tableToIPC(new Table({ x: vectorFromArray([] as number[], new Float64()) }), 'stream'))
    expect(result).toEqual({ columns: [{ name: 'x', type: 'DOUBLE' }], rows: [] })
  })
})
