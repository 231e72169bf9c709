import { describe, expect, it } from 'vitest'
import { FILE_ONLY_FIRST_ID, icebergType } from './iceberg-schema.ts'
import { previousMetadataSchema, tableMetadataJson, type NewSnapshot } from './table-metadata-json.ts'

const columns = [
  { name: 'sensor_id', type: 'VARCHAR' },
  { name: 'ts', type: 'TIMESTAMPTZ' },
  { name: 'value', type: 'DOUBLE' },
]
const snapshot = (id: number, rewrites = false): NewSnapshot => ({ id, committedAt: `2026-12-01T00:00:0${id}.000Z`, operation: 'append', manifestListUri: `file:///l/snap-${id}.avro`, rewrites, addedRows: 1, totalRows: id })
const base = { tableUuid: 'u-1', locationUri: 'file:///l', columns, catalogTable: 'sensors.readings' }

describe('Iceberg table metadata from our snapshots', () => {
  it('uses our snapshot ids as Iceberg snapshot ids and sequence numbers, each file the previous one plus one snapshot', () => {
    const first = tableMetadataJson({ ...base, snapshot: snapshot(3), fileColumns: ['sensor_id', 'ts', 'value'] })
    const second = tableMetadataJson({ ...base, previous: { uri: 'file:///l/v3.metadata.json', metadata: previousMetadataSchema.parse(first) }, snapshot: snapshot(7, true), fileColumns: [] })
    expect(second['current-snapshot-id']).toBe(7)
    expect(second['last-sequence-number']).toBe(7)
    expect((second.snapshots as { 'snapshot-id': number; 'parent-snapshot-id'?: number; summary: { operation: string } }[]).map((s) => [s['snapshot-id'], s['parent-snapshot-id'], s.summary.operation])).toEqual([
      [3, undefined, 'append'],
      [7, 3, 'overwrite'],
    ])
    expect(second['metadata-log']).toEqual([{ 'metadata-file': 'file:///l/v3.metadata.json', 'timestamp-ms': Date.parse('2026-12-01T00:00:03.000Z') }])
  })

  it('maps columns that only files hold to ids no field has, keeping their ids from one metadata file to the next', () => {
    const first = tableMetadataJson({ ...base, snapshot: snapshot(1), fileColumns: ['value', '_source', 'ts', 'sensor_id'] })
    const second = tableMetadataJson({ ...base, previous: { uri: 'x', metadata: previousMetadataSchema.parse(first) }, snapshot: snapshot(2), fileColumns: ['_row', '_source'] })
    const mapping = JSON.parse((second.properties as Record<string, string>)['schema.name-mapping.default']!) as { 'field-id': number; names: string[] }[]
    expect(mapping).toEqual([
      { 'field-id': 1, names: ['sensor_id'] },
      { 'field-id': 2, names: ['ts'] },
      { 'field-id': 3, names: ['value'] },
      { 'field-id': FILE_ONLY_FIRST_ID, names: ['_source'] },
      { 'field-id': FILE_ONLY_FIRST_ID + 1, names: ['_row'] },
    ])
  })

  it('maps DuckDB column types to Iceberg types, and refuses one it does not know', () => {
    expect(['VARCHAR', 'BIGINT', 'INTEGER', 'DOUBLE', 'BOOLEAN', 'DATE', 'TIMESTAMPTZ', 'DECIMAL(18,3)'].map(icebergType)).toEqual(['string', 'long', 'int', 'double', 'boolean', 'date', 'timestamptz', 'decimal(18, 3)'])
    expect(() => icebergType('INTERVAL')).toThrow('no Iceberg type for DuckDB type INTERVAL')
  })
})
