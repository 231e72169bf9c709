/**
 * Loads a micro-batch's readings into DuckDB as a temp view with the columns of
 * sensors.readings. Throughput matters here (tens of thousands of rows per commit), and
 * DuckDB's appender is slow per value from JavaScript — above all for strings and value
 * objects (timestamps, BIGINTs). So rows go in as numbers only, in whole data chunks written
 * from typed arrays: the (sensor, machine) pair as a small integer code, times as epoch-ms
 * doubles. A second, tiny table maps the codes back to the strings, and the view joins and
 * converts — a view, not a table: the Parquet write reads it once, and materialising the join
 * first had been a third of a commit's time.
 */
import { DuckDBDataChunk, DuckDBDoubleType, DuckDBIntegerType, type DuckDBConnection } from '@duckdb/node-api'
import type { SensorBatch } from './sensor-batch.ts'

/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048
const COLUMNS = [DuckDBIntegerType.instance, DuckDBDoubleType.instance, DuckDBDoubleType.instance, DuckDBIntegerType.instance, DuckDBDoubleType.instance]

/**
 * Creates temp view `name` (sensor_id, machine_id, ts, temperature_c, kafka_partition,
 * kafka_offset, ingested_at) over two temp tables; `dropReadings` removes all three.
 */
export async function loadReadings(connection: DuckDBConnection, name: string, batch: SensorBatch, ingestedAt: number): Promise<void> {
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${name}_in (code INTEGER, ts_ms DOUBLE, temperature_c DOUBLE, kafka_partition INTEGER, kafka_offset DOUBLE)`)
  const appender = await connection.createAppender(`${name}_in`)
  // The batch's chunks (one per fetched Kafka batch, of any size) regrouped into full data chunks.
  const code = new Int32Array(CHUNK_ROWS)
  const ts = new Float64Array(CHUNK_ROWS)
  const temperature = new Float64Array(CHUNK_ROWS)
  const partition = new Int32Array(CHUNK_ROWS)
  const offset = new Float64Array(CHUNK_ROWS)
  let rows = 0
  const append = (): void => {
    const chunk = DuckDBDataChunk.create(COLUMNS, rows)
    chunk.setColumns([code.subarray(0, rows), ts.subarray(0, rows), temperature.subarray(0, rows), partition.subarray(0, rows), offset.subarray(0, rows)] as unknown as number[][])
    appender.appendDataChunk(chunk)
    rows = 0
  }
  for (const readings of batch.chunks) {
    for (let from = 0; from < readings.count; ) {
      const take = Math.min(CHUNK_ROWS - rows, readings.count - from)
      code.set(readings.codes.subarray(from, from + take), rows)
      ts.set(readings.ts.subarray(from, from + take), rows)
      temperature.set(readings.temperatureC.subarray(from, from + take), rows)
      partition.fill(readings.partition, rows, rows + take)
      offset.set(readings.offsets.subarray(from, from + take), rows)
      rows += take
      from += take
      if (rows === CHUNK_ROWS) append()
    }
  }
  if (rows > 0) append()
  appender.closeSync()

  await connection.run(`CREATE OR REPLACE TEMP TABLE ${name}_ids (code INTEGER, sensor_id VARCHAR, machine_id VARCHAR)`)
  const idAppender = await connection.createAppender(`${name}_ids`)
  for (let c = 0; c < batch.ids.size; c++) {
    const [sensorId, machineId] = batch.ids.pair(c)
    idAppender.appendInteger(c)
    idAppender.appendVarchar(sensorId)
    if (machineId === null) idAppender.appendNull()
    else idAppender.appendVarchar(machineId)
    idAppender.endRow()
  }
  idAppender.closeSync()

  await connection.run(`
    CREATE OR REPLACE TEMP VIEW ${name} AS
    SELECT i.sensor_id, i.machine_id, make_timestamptz((r.ts_ms * 1000)::BIGINT) AS ts, r.temperature_c, r.kafka_partition,
           r.kafka_offset::BIGINT AS kafka_offset, make_timestamptz(${Math.round(ingestedAt) * 1000}::BIGINT) AS ingested_at
    FROM ${name}_in r JOIN ${name}_ids i USING (code)`)
}

/** The view of loadReadings and its tables. */
export async function dropReadings(connection: DuckDBConnection, name: string): Promise<void> {
  await connection.run(`DROP VIEW IF EXISTS ${name}; DROP TABLE IF EXISTS ${name}_in; DROP TABLE IF EXISTS ${name}_ids`)
}
