/**
 * Loads a micro-batch's readings into a DuckDB temp table with the columns of
 * sensors.readings. Throughput matters here (tens of thousands of rows per commit), and
 * DuckDB's appender is slow per value from JavaScript — above all for strings and value
 * objects (timestamps, BIGINTs). So rows go in as numbers only, in whole data chunks written
 * from typed arrays: the (sensor, machine) pair as a small integer code, times as epoch-ms
 * doubles. A second, tiny table maps the codes back to the strings, and one vectorised
 * statement joins and converts everything.
 */
import { DuckDBDataChunk, DuckDBDoubleType, DuckDBIntegerType, type DuckDBConnection } from '@duckdb/node-api'
import type { BatchReading } from './sensor-batch.ts'

/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048
const COLUMNS = [DuckDBIntegerType.instance, DuckDBDoubleType.instance, DuckDBDoubleType.instance, DuckDBIntegerType.instance, DuckDBDoubleType.instance]

/** Creates temp table `name` (sensor_id, machine_id, ts, temperature_c, kafka_partition, kafka_offset, ingested_at). */
export async function loadReadings(connection: DuckDBConnection, name: string, readings: readonly BatchReading[], ingestedAt: number): Promise<void> {
  const ids = new IdCodes()
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${name}_in (code INTEGER, ts_ms DOUBLE, temperature_c DOUBLE, kafka_partition INTEGER, kafka_offset DOUBLE)`)
  const appender = await connection.createAppender(`${name}_in`)
  for (let start = 0; start < readings.length; start += CHUNK_ROWS) {
    const rows = Math.min(CHUNK_ROWS, readings.length - start)
    const code: number[] = new Array(rows)
    const ts: number[] = new Array(rows)
    const temperature: number[] = new Array(rows)
    const partition: number[] = new Array(rows)
    const offset: number[] = new Array(rows)
    for (let i = 0; i < rows; i++) {
      const r = readings[start + i]!
      code[i] = ids.code(r.sensorId, r.machineId)
      ts[i] = r.ts
      temperature[i] = r.temperatureC
      partition[i] = r.partition
      // Kafka offsets stay far below 2^53, so a double holds them exactly.
      offset[i] = Number(r.offset)
    }
    const chunk = DuckDBDataChunk.create(COLUMNS, rows)
    chunk.setColumns([code, ts, temperature, partition, offset])
    appender.appendDataChunk(chunk)
  }
  appender.closeSync()

  await connection.run(`CREATE OR REPLACE TEMP TABLE ${name}_ids (code INTEGER, sensor_id VARCHAR, machine_id VARCHAR)`)
  const idAppender = await connection.createAppender(`${name}_ids`)
  for (const [code, sensorId, machineId] of ids.entries()) {
    idAppender.appendInteger(code)
    idAppender.appendVarchar(sensorId)
    if (machineId === null) idAppender.appendNull()
    else idAppender.appendVarchar(machineId)
    idAppender.endRow()
  }
  idAppender.closeSync()

  await connection.run(`
    CREATE OR REPLACE TEMP TABLE ${name} AS
    SELECT i.sensor_id, i.machine_id, make_timestamptz((r.ts_ms * 1000)::BIGINT) AS ts, r.temperature_c, r.kafka_partition,
           r.kafka_offset::BIGINT AS kafka_offset, make_timestamptz(${Math.round(ingestedAt) * 1000}::BIGINT) AS ingested_at
    FROM ${name}_in r JOIN ${name}_ids i USING (code)
    ORDER BY r.kafka_partition, r.kafka_offset;
    DROP TABLE ${name}_in; DROP TABLE ${name}_ids`)
}

/** Small integer codes for (sensor, machine) pairs, in the order first seen. */
class IdCodes {
  private readonly bySensor = new Map<string, Map<string | null, number>>()
  private readonly pairs: [number, string, string | null][] = []

  code(sensorId: string, machineId: string | null): number {
    let machines = this.bySensor.get(sensorId)
    if (machines === undefined) {
      machines = new Map()
      this.bySensor.set(sensorId, machines)
    }
    const known = machines.get(machineId)
    if (known !== undefined) return known
    const code = this.pairs.length
    machines.set(machineId, code)
    this.pairs.push([code, sensorId, machineId])
    return code
  }

  entries(): readonly [number, string, string | null][] {
    return this.pairs
  }
}
