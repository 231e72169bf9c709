/**
 * Query results as an Arrow IPC stream, built from DuckDB's column chunks with apache-arrow:
 * @duckdb/node-api has no Arrow export, and the nanoarrow extension cannot be downloaded at run
 * time. Each DuckDB type maps onto its Arrow counterpart at full precision (microsecond
 * timestamps as Int64, decimals as 128-bit unscaled integers); types without a faithful Arrow
 * peer here (intervals, lists, structs, maps, unions, UUIDs, enums) travel as their DuckDB text.
 */
import {
  Binary,
  Bool,
  DataType,
  DateDay,
  Decimal,
  Field,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  Int8,
  makeData,
  RecordBatch,
  RecordBatchStreamWriter,
  Schema,
  Struct,
  TimeMicrosecond,
  TimeUnit,
  Timestamp,
  Uint16,
  Uint32,
  Uint64,
  Uint8,
  Utf8,
  type Data,
} from 'apache-arrow'
import { DuckDBDecimalType, DuckDBTypeId, type DuckDBDataChunk, type DuckDBType, type DuckDBValue, type DuckDBVector } from '@duckdb/node-api'

/** Rows per Arrow record batch: DuckDB's 2,048-row chunks are merged into larger batches. */
const BATCH_ROWS = 65_536

type TypedArray = Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array | BigInt64Array | BigUint64Array

interface ColumnBuilder {
  readonly type: DataType
  push(value: DuckDBValue): void
  /** Appends a vector's first rows in bulk when the builder can; false when it cannot. */
  pushVector?(vector: DuckDBVector, rowCount: number): boolean
  /** The values pushed since the last call, as Arrow data; starts a new batch. */
  flush(): Data
}

export interface ArrowColumn {
  name: string
  type: DuckDBType
}

/** Incremental encoder: feed DuckDB chunks (or row slices of them), then take the IPC bytes. */
export class ArrowStreamEncoder {
  readonly schema: Schema
  private readonly builders: ColumnBuilder[]
  private readonly batches: RecordBatch[] = []
  private pending = 0

  constructor(columns: readonly ArrowColumn[]) {
    this.builders = columns.map((column) => columnBuilder(column.type))
    this.schema = new Schema(columns.map((column, i) => new Field(column.name, this.builders[i]!.type, true)))
  }

  /** Appends the first `rowCount` rows of a chunk (all of them by default). */
  pushChunk(chunk: DuckDBDataChunk, rowCount = chunk.rowCount): void {
    for (let c = 0; c < this.builders.length; c++) {
      const builder = this.builders[c]!
      const vector = chunk.getColumnVector(c)
      if (builder.pushVector?.(vector, rowCount) === true) continue
      for (let r = 0; r < rowCount; r++) builder.push(vector.getItem(r))
    }
    this.pending += rowCount
    if (this.pending >= BATCH_ROWS) this.flushBatch()
  }

  finish(): Uint8Array {
    if (this.pending > 0) this.flushBatch()
    const writer = new RecordBatchStreamWriter()
    writer.reset(undefined, this.schema)
    for (const batch of this.batches) writer.write(batch)
    writer.finish()
    return writer.toUint8Array(true)
  }

  private flushBatch(): void {
    const children = this.builders.map((builder) => builder.flush())
    const struct = makeData({ type: new Struct(this.schema.fields), length: this.pending, nullCount: 0, children })
    this.batches.push(new RecordBatch(this.schema, struct))
    this.pending = 0
  }
}

/** The Arrow type a DuckDB column is encoded as. */
export function arrowTypeOf(type: DuckDBType): DataType {
  return columnBuilder(type).type
}

function columnBuilder(type: DuckDBType): ColumnBuilder {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return new BoolColumn()
    case DuckDBTypeId.TINYINT:
      return new FixedColumn(new Int8(), Int8Array, 1, asNumber)
    case DuckDBTypeId.SMALLINT:
      return new FixedColumn(new Int16(), Int16Array, 1, asNumber)
    case DuckDBTypeId.INTEGER:
      return new FixedColumn(new Int32(), Int32Array, 1, asNumber)
    case DuckDBTypeId.BIGINT:
      return new FixedColumn(new Int64(), BigInt64Array, 1, asBigInt)
    case DuckDBTypeId.UTINYINT:
      return new FixedColumn(new Uint8(), Uint8Array, 1, asNumber)
    case DuckDBTypeId.USMALLINT:
      return new FixedColumn(new Uint16(), Uint16Array, 1, asNumber)
    case DuckDBTypeId.UINTEGER:
      return new FixedColumn(new Uint32(), Uint32Array, 1, asNumber)
    case DuckDBTypeId.UBIGINT:
      return new FixedColumn(new Uint64(), BigUint64Array, 1, asBigInt)
    case DuckDBTypeId.FLOAT:
      return new FixedColumn(new Float32(), Float32Array, 1, asNumber)
    case DuckDBTypeId.DOUBLE:
      return new FixedColumn(new Float64(), Float64Array, 1, asNumber)
    case DuckDBTypeId.HUGEINT:
      return new DecimalColumn(new Decimal(0, 38, 128), (value) => value as bigint)
    case DuckDBTypeId.DECIMAL: {
      const decimal = type as DuckDBDecimalType
      return new DecimalColumn(new Decimal(decimal.scale, decimal.width, 128), (value) => (value as { value: bigint }).value)
    }
    case DuckDBTypeId.DATE:
      return new FixedColumn(new DateDay(), Int32Array, 1, (value) => (value as { days: number }).days)
    case DuckDBTypeId.TIME:
      return new FixedColumn(new TimeMicrosecond(), BigInt64Array, 1, (value) => (value as { micros: bigint }).micros)
    case DuckDBTypeId.TIMESTAMP:
      return new FixedColumn(new Timestamp(TimeUnit.MICROSECOND, null), BigInt64Array, 1, (value) => (value as { micros: bigint }).micros)
    case DuckDBTypeId.TIMESTAMP_TZ:
      return new FixedColumn(new Timestamp(TimeUnit.MICROSECOND, 'UTC'), BigInt64Array, 1, (value) => (value as { micros: bigint }).micros)
    case DuckDBTypeId.TIMESTAMP_S:
      return new FixedColumn(new Timestamp(TimeUnit.SECOND, null), BigInt64Array, 1, (value) => (value as { seconds: bigint }).seconds)
    case DuckDBTypeId.TIMESTAMP_MS:
      return new FixedColumn(new Timestamp(TimeUnit.MILLISECOND, null), BigInt64Array, 1, (value) => (value as { millis: bigint }).millis)
    case DuckDBTypeId.TIMESTAMP_NS:
      return new FixedColumn(new Timestamp(TimeUnit.NANOSECOND, null), BigInt64Array, 1, (value) => (value as { nanos: bigint }).nanos)
    case DuckDBTypeId.VARCHAR:
      return new VariableColumn(new Utf8(), (value) => value as string)
    case DuckDBTypeId.BLOB:
      return new VariableColumn(new Binary(), (value) => (value as { bytes: Uint8Array }).bytes)
    default:
      return new VariableColumn(new Utf8(), (value) => String(value))
  }
}

const asNumber = (value: DuckDBValue): number => value as number
const asBigInt = (value: DuckDBValue): bigint => value as bigint

/** A growable validity bitmap: bit i set when row i is not NULL. */
class Validity {
  private bits = new Uint8Array(BATCH_ROWS / 8 + 1)
  length = 0
  nullCount = 0

  push(valid: boolean): void {
    const byte = this.length >> 3
    if (byte >= this.bits.length) this.bits = grow(this.bits, byte + 1)
    if (valid) this.bits[byte]! |= 1 << (this.length & 7)
    else this.nullCount++
    this.length++
  }

  /** Appends `count` rows whose validity is DuckDB's bitmap (LSB first, like Arrow's), or all valid. */
  pushBitmap(bitmap: Uint8Array | undefined, offset: number, count: number): void {
    for (let r = 0; r < count; r++) {
      const bit = offset + r
      this.push(bitmap === undefined || (bitmap[bit >> 3]! & (1 << (bit & 7))) !== 0)
    }
  }

  /** The bitmap, or undefined when nothing was NULL (Arrow's convention). */
  take(): Uint8Array | undefined {
    const bitmap = this.nullCount === 0 ? undefined : this.bits.slice(0, (this.length + 7) >> 3)
    this.bits = new Uint8Array(BATCH_ROWS / 8 + 1)
    this.length = 0
    this.nullCount = 0
    return bitmap
  }
}

class FixedColumn<A extends TypedArray> implements ColumnBuilder {
  private values: A
  private readonly validity = new Validity()

  constructor(
    readonly type: DataType,
    private readonly Array: { new (length: number): A },
    private readonly stride: number,
    private readonly convert: (value: DuckDBValue) => A[number],
  ) {
    this.values = new Array(BATCH_ROWS * stride)
  }

  push(value: DuckDBValue): void {
    const at = this.validity.length
    if (at >= this.values.length) this.values = grow(this.values, at + 1)
    if (value !== null) this.values[at] = this.convert(value)
    this.validity.push(value !== null)
  }

  /**
   * DuckDB's vectors of fixed-width types hold their values in a typed array of the very layout
   * Arrow uses (days, micros, IEEE doubles, two's complement integers): copy it whole instead of
   * making a JavaScript value per row. This reads fields @duckdb/node-api keeps private, so it
   * checks their shape and falls back to getItem when they look different.
   */
  pushVector(vector: DuckDBVector, rowCount: number): boolean {
    const raw = vector as unknown as { items?: unknown; validity?: { data?: BigUint64Array | null; offset?: number } }
    if (this.stride !== 1 || !(raw.items instanceof this.Array) || raw.validity === undefined || typeof raw.validity.offset !== 'number') return false
    const at = this.validity.length
    if (at + rowCount > this.values.length) this.values = grow(this.values, at + rowCount)
    this.values.set((raw.items as A).subarray(0, rowCount) as never, at)
    const bits = raw.validity.data
    this.validity.pushBitmap(bits ? new Uint8Array(bits.buffer, bits.byteOffset, bits.byteLength) : undefined, raw.validity.offset, rowCount)
    return true
  }

  flush(): Data {
    const length = this.validity.length
    const nullCount = this.validity.nullCount
    const data = this.values.slice(0, length) as A
    this.values = new this.Array(BATCH_ROWS * this.stride)
    return makeData({ type: this.type, length, nullCount, nullBitmap: this.validity.take(), data } as never)
  }
}

/** 128-bit two's complement integers (Arrow decimals), stored as two 64-bit halves per value. */
class DecimalColumn implements ColumnBuilder {
  private values = new BigInt64Array(BATCH_ROWS * 2)
  private readonly validity = new Validity()

  constructor(
    readonly type: Decimal,
    private readonly unscaled: (value: DuckDBValue) => bigint,
  ) {}

  push(value: DuckDBValue): void {
    const at = this.validity.length * 2
    if (at + 1 >= this.values.length) this.values = grow(this.values, at + 2)
    if (value !== null) {
      const integer = this.unscaled(value)
      this.values[at] = BigInt.asIntN(64, integer)
      this.values[at + 1] = BigInt.asIntN(64, integer >> 64n)
    }
    this.validity.push(value !== null)
  }

  flush(): Data {
    const length = this.validity.length
    const nullCount = this.validity.nullCount
    const data = new Uint32Array(this.values.slice(0, length * 2).buffer)
    this.values = new BigInt64Array(BATCH_ROWS * 2)
    return makeData({ type: this.type, length, nullCount, nullBitmap: this.validity.take(), data })
  }
}

class BoolColumn implements ColumnBuilder {
  readonly type = new Bool()
  private values = new Validity()
  private readonly validity = new Validity()

  push(value: DuckDBValue): void {
    this.values.push(value === true)
    this.validity.push(value !== null)
  }

  flush(): Data {
    const length = this.validity.length
    const nullCount = this.validity.nullCount
    const nullBitmap = this.validity.take()
    const bits = this.values
    this.values = new Validity()
    // A Validity with no false bits hands back no bitmap; booleans always need one.
    const data = bits.take() ?? allSet(length)
    return makeData({ type: this.type, length, nullCount, nullBitmap, data })
  }
}

/** Strings and bytes: one offsets array and one buffer of UTF-8 or raw bytes. */
class VariableColumn implements ColumnBuilder {
  private offsets = new Int32Array(BATCH_ROWS + 1)
  private bytes = new Uint8Array(BATCH_ROWS * 16)
  private used = 0
  private readonly validity = new Validity()
  private readonly encoder = new TextEncoder()

  constructor(
    readonly type: Utf8 | Binary,
    private readonly convert: (value: DuckDBValue) => string | Uint8Array,
  ) {}

  push(value: DuckDBValue): void {
    const row = this.validity.length
    if (row + 1 >= this.offsets.length) this.offsets = grow(this.offsets, row + 2)
    if (value !== null) this.append(this.convert(value))
    this.offsets[row + 1] = this.used
    this.validity.push(value !== null)
  }

  flush(): Data {
    const length = this.validity.length
    const nullCount = this.validity.nullCount
    const valueOffsets = this.offsets.slice(0, length + 1)
    const data = this.bytes.slice(0, this.used)
    this.offsets = new Int32Array(BATCH_ROWS + 1)
    this.used = 0
    return makeData({ type: this.type, length, nullCount, nullBitmap: this.validity.take(), valueOffsets, data } as never)
  }

  private append(value: string | Uint8Array): void {
    if (typeof value !== 'string') {
      this.reserve(value.length)
      this.bytes.set(value, this.used)
      this.used += value.length
      return
    }
    // UTF-8 takes at most three bytes per UTF-16 code unit.
    this.reserve(value.length * 3)
    this.used += this.encoder.encodeInto(value, this.bytes.subarray(this.used)).written
  }

  private reserve(extra: number): void {
    if (this.used + extra > this.bytes.length) this.bytes = grow(this.bytes, this.used + extra)
  }
}

function grow<A extends TypedArray>(array: A, atLeast: number): A {
  const bigger = new (array.constructor as { new (length: number): A })(Math.max(atLeast, array.length * 2))
  bigger.set(array as never)
  return bigger
}

function allSet(length: number): Uint8Array {
  return new Uint8Array((length + 7) >> 3).fill(0xff)
}
