/**
 * An Iceberg v2 table metadata file (metadata.json) for one catalog table as of one of our
 * snapshots: the table's schema with its name mapping, and one Iceberg snapshot per snapshot of
 * ours that changed the table. Iceberg snapshot ids and sequence numbers ARE our snapshot ids
 * (both only grow), and timestamps are our commit times, so "as of snapshot N" names the same
 * state in both. Each metadata file is the previous one plus one snapshot, as Iceberg does it.
 * Pure: the caller supplies URIs and the previous file's snapshots.
 */
import { z } from 'zod'
import { fileOnlyColumns, icebergSchema, nameMapping } from './iceberg-schema.ts'
import type { ColumnDefinition } from '../table-registry.ts'

/** An Iceberg snapshot as metadata.json holds it; read back from the previous metadata file. */
export const icebergSnapshotSchema = z.looseObject({
  'snapshot-id': z.number().int(),
  'parent-snapshot-id': z.number().int().optional(),
  'sequence-number': z.number().int(),
  'timestamp-ms': z.number().int(),
  'manifest-list': z.string(),
  summary: z.record(z.string(), z.string()),
  'schema-id': z.number().int(),
})
export type IcebergSnapshot = z.infer<typeof icebergSnapshotSchema>

/** The part of a previous metadata file the next one builds on. */
export const previousMetadataSchema = z.looseObject({
  'table-uuid': z.string(),
  snapshots: z.array(icebergSnapshotSchema),
  'metadata-log': z.array(z.object({ 'metadata-file': z.string(), 'timestamp-ms': z.number() })),
  'last-updated-ms': z.number(),
  properties: z.record(z.string(), z.string()),
})
export type PreviousMetadata = z.infer<typeof previousMetadataSchema>

export interface NewSnapshot {
  id: number
  committedAt: string
  /** Our operation (append, ingest, replace, compact, rebuild). */
  operation: string
  manifestListUri: string
  /** The snapshot removed data files or deletes rows: it is not a pure append for Iceberg. */
  rewrites: boolean
  addedRows: number
  totalRows: number
}

export interface TableMetadataInput {
  tableUuid: string
  locationUri: string
  columns: readonly ColumnDefinition[]
  catalogTable: string
  previous?: { uri: string; metadata: PreviousMetadata }
  snapshot: NewSnapshot
  /** Column names found in the snapshot's files (./iceberg-schema.ts fileOnlyColumns). */
  fileColumns: readonly string[]
}

const FILE_ONLY_PROPERTY = 'cockpit.file-only-columns'

/** The file-only columns a previous metadata file mapped, in their id order. */
export function knownFileOnlyColumns(previous: PreviousMetadata | undefined): string[] {
  const text = previous?.properties[FILE_ONLY_PROPERTY]
  return text === undefined ? [] : z.array(z.string()).parse(JSON.parse(text))
}

export function tableMetadataJson(input: TableMetadataInput): Record<string, unknown> {
  const schema = icebergSchema(input.columns)
  const fileOnly = fileOnlyColumns(schema, knownFileOnlyColumns(input.previous?.metadata), input.fileColumns)
  const previousSnapshots = input.previous?.metadata.snapshots ?? []
  const current = icebergSnapshot(input.snapshot, previousSnapshots.at(-1)?.['snapshot-id'])
  const snapshots = [...previousSnapshots, current]
  const metadataLog = input.previous === undefined ? [] : [...input.previous.metadata['metadata-log'], { 'metadata-file': input.previous.uri, 'timestamp-ms': input.previous.metadata['last-updated-ms'] }]
  return {
    'format-version': 2,
    'table-uuid': input.tableUuid,
    location: input.locationUri,
    'last-sequence-number': current['sequence-number'],
    'last-updated-ms': current['timestamp-ms'],
    'last-column-id': schema.fields.length,
    'current-schema-id': 0,
    schemas: [schema],
    'default-spec-id': 0,
    'partition-specs': [{ 'spec-id': 0, fields: [] }],
    'last-partition-id': 999,
    'default-sort-order-id': 0,
    'sort-orders': [{ 'order-id': 0, fields: [] }],
    properties: {
      'schema.name-mapping.default': nameMapping(schema, fileOnly),
      [FILE_ONLY_PROPERTY]: JSON.stringify(fileOnly),
      // Other engines must not write: our catalog would not see their commits (docs/iceberg.md).
      'cockpit.table': input.catalogTable,
      'cockpit.read-only': 'true',
    },
    'current-snapshot-id': current['snapshot-id'],
    refs: { main: { 'snapshot-id': current['snapshot-id'], type: 'branch' } },
    snapshots,
    'snapshot-log': snapshots.map((s) => ({ 'snapshot-id': s['snapshot-id'], 'timestamp-ms': s['timestamp-ms'] })),
    'metadata-log': metadataLog,
  }
}

function icebergSnapshot(snapshot: NewSnapshot, parent: number | undefined): IcebergSnapshot {
  return {
    'snapshot-id': snapshot.id,
    ...(parent === undefined ? {} : { 'parent-snapshot-id': parent }),
    'sequence-number': snapshot.id,
    'timestamp-ms': Date.parse(snapshot.committedAt),
    'manifest-list': snapshot.manifestListUri,
    summary: {
      // Iceberg's append only adds data files; anything that removes files or rows is an overwrite.
      operation: snapshot.rewrites ? 'overwrite' : 'append',
      'added-records': String(snapshot.addedRows),
      'total-records': String(snapshot.totalRows),
      'cockpit.operation': snapshot.operation,
    },
    'schema-id': 0,
  }
}
