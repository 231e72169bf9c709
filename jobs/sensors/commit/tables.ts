/** The catalog tables of the sensor stream: readings, one-minute windows and rejected messages. */
import type { TableDefinition } from '../../../catalog/index.ts'

export const readingsTable: TableDefinition = {
  name: 'sensors.readings',
  layer: 'sensors',
  columns: [
    { name: 'sensor_id', type: 'VARCHAR' },
    { name: 'machine_id', type: 'VARCHAR' },
    { name: 'ts', type: 'TIMESTAMPTZ' },
    { name: 'temperature_c', type: 'DOUBLE' },
    { name: 'kafka_partition', type: 'INTEGER' },
    { name: 'kafka_offset', type: 'BIGINT' },
    { name: 'ingested_at', type: 'TIMESTAMPTZ' },
  ],
  // A message delivered twice, or two messages for the same (sensor, ts), count once.
  key: ['sensor_id', 'ts'],
  orderBy: ['kafka_partition', 'kafka_offset'],
}

export const windowsTable: TableDefinition = {
  name: 'sensors.windows_1m',
  layer: 'sensors',
  columns: [
    { name: 'sensor_id', type: 'VARCHAR' },
    { name: 'machine_id', type: 'VARCHAR' },
    { name: 'window_start', type: 'TIMESTAMPTZ' },
    { name: 'window_end', type: 'TIMESTAMPTZ' },
    { name: 'n', type: 'BIGINT' },
    { name: 'min_c', type: 'DOUBLE' },
    { name: 'max_c', type: 'DOUBLE' },
    { name: 'avg_c', type: 'DOUBLE' },
    { name: 'stddev_c', type: 'DOUBLE' },
    { name: 'first_c', type: 'DOUBLE' },
    { name: 'last_c', type: 'DOUBLE' },
  ],
  // A window recomputed after late readings replaces its earlier version.
  key: ['sensor_id', 'window_start'],
  orderBy: ['computed_at'],
}

export const sensorQuarantineTable: TableDefinition = {
  name: 'quarantine.sensor_messages',
  layer: 'quarantine',
  columns: [
    { name: 'topic', type: 'VARCHAR' },
    { name: 'kafka_partition', type: 'INTEGER' },
    { name: 'kafka_offset', type: 'BIGINT' },
    { name: 'received_at', type: 'TIMESTAMPTZ' },
    { name: 'payload', type: 'VARCHAR' },
    { name: 'reason', type: 'VARCHAR' },
  ],
}

export const SENSOR_TABLES = [readingsTable, windowsTable, sensorQuarantineTable]
