/**
 * Iceberg's manifests and manifest lists, written as Avro container files with `avsc`. Only the
 * fields a v2 reader requires are written (the optional column statistics are left out, so
 * readers cannot skip files by statistics — they read them all, which is what our views do too).
 * Every Avro field carries its Iceberg `field-id`, by which readers resolve it.
 */
import avro from 'avsc'

export const STATUS = { existing: 0, added: 1 } as const
export const CONTENT = { data: 0, positionDeletes: 1 } as const

export interface ManifestEntry {
  status: number
  snapshotId: number
  /** Data sequence number: for a data file, the snapshot that added it. */
  sequenceNumber: number
  content: number
  filePath: string
  recordCount: number
  fileSizeInBytes: number
}

export interface ManifestFile {
  path: string
  length: number
  content: number
  sequenceNumber: number
  minSequenceNumber: number
  addedSnapshotId: number
  addedFiles: number
  existingFiles: number
  addedRows: number
  existingRows: number
}

const optionalLong = ['null', 'long']

// Kept as schema objects, not avsc Types: the encoder writes them to the file header as given,
// field ids included (a Type would drop the unknown `field-id` attributes).
const manifestEntrySchema = {
  type: 'record',
  name: 'manifest_entry',
  fields: [
    { name: 'status', type: 'int', 'field-id': 0 },
    { name: 'snapshot_id', type: optionalLong, default: null, 'field-id': 1 },
    { name: 'sequence_number', type: optionalLong, default: null, 'field-id': 3 },
    { name: 'file_sequence_number', type: optionalLong, default: null, 'field-id': 4 },
    {
      name: 'data_file',
      'field-id': 2,
      type: {
        type: 'record',
        name: 'r2',
        fields: [
          { name: 'content', type: 'int', 'field-id': 134 },
          { name: 'file_path', type: 'string', 'field-id': 100 },
          { name: 'file_format', type: 'string', 'field-id': 101 },
          // Unpartitioned: the partition tuple is an empty record.
          { name: 'partition', type: { type: 'record', name: 'r102', fields: [] }, 'field-id': 102 },
          { name: 'record_count', type: 'long', 'field-id': 103 },
          { name: 'file_size_in_bytes', type: 'long', 'field-id': 104 },
        ],
      },
    },
  ],
} as unknown as avro.Schema

const manifestFileSchema = {
  type: 'record',
  name: 'manifest_file',
  fields: [
    { name: 'manifest_path', type: 'string', 'field-id': 500 },
    { name: 'manifest_length', type: 'long', 'field-id': 501 },
    { name: 'partition_spec_id', type: 'int', 'field-id': 502 },
    { name: 'content', type: 'int', 'field-id': 517 },
    { name: 'sequence_number', type: 'long', 'field-id': 515 },
    { name: 'min_sequence_number', type: 'long', 'field-id': 516 },
    { name: 'added_snapshot_id', type: 'long', 'field-id': 503 },
    { name: 'added_files_count', type: 'int', 'field-id': 504 },
    { name: 'existing_files_count', type: 'int', 'field-id': 505 },
    { name: 'deleted_files_count', type: 'int', 'field-id': 506 },
    { name: 'added_rows_count', type: 'long', 'field-id': 512 },
    { name: 'existing_rows_count', type: 'long', 'field-id': 513 },
    { name: 'deleted_rows_count', type: 'long', 'field-id': 514 },
  ],
} as unknown as avro.Schema

/** A manifest: the data files (or delete files) of one snapshot. */
export function manifestAvro(entries: readonly ManifestEntry[], header: { schemaJson: string; content: 'data' | 'deletes' }): Promise<Buffer> {
  const records = entries.map((entry) => ({
    status: entry.status,
    snapshot_id: entry.snapshotId,
    sequence_number: entry.sequenceNumber,
    file_sequence_number: entry.sequenceNumber,
    data_file: { content: entry.content, file_path: entry.filePath, file_format: 'PARQUET', partition: {}, record_count: entry.recordCount, file_size_in_bytes: entry.fileSizeInBytes },
  }))
  const metadata = { schema: header.schemaJson, 'schema-id': '0', 'partition-spec': '[]', 'partition-spec-id': '0', 'format-version': '2', content: header.content }
  return encode(manifestEntrySchema, records, metadata)
}

/** A manifest list: the manifests that make up one snapshot. */
export function manifestListAvro(manifests: readonly ManifestFile[], header: { snapshotId: number; parentSnapshotId: number | null; sequenceNumber: number }): Promise<Buffer> {
  const records = manifests.map((m) => ({
    manifest_path: m.path,
    manifest_length: m.length,
    partition_spec_id: 0,
    content: m.content,
    sequence_number: m.sequenceNumber,
    min_sequence_number: m.minSequenceNumber,
    added_snapshot_id: m.addedSnapshotId,
    added_files_count: m.addedFiles,
    existing_files_count: m.existingFiles,
    deleted_files_count: 0,
    added_rows_count: m.addedRows,
    existing_rows_count: m.existingRows,
    deleted_rows_count: 0,
  }))
  const metadata: Record<string, string> = { 'snapshot-id': String(header.snapshotId), 'sequence-number': String(header.sequenceNumber), 'format-version': '2' }
  if (header.parentSnapshotId !== null) metadata['parent-snapshot-id'] = String(header.parentSnapshotId)
  return encode(manifestFileSchema, records, metadata)
}

function encode(schema: avro.Schema, records: readonly object[], metadata: Record<string, string>): Promise<Buffer> {
  const meta = Object.fromEntries(Object.entries(metadata).map(([key, value]) => [key, Buffer.from(value)]))
  // `metadata` is a documented encoder option that avsc's typings lack.
  const options = { metadata: meta, codec: 'null' } as unknown as ConstructorParameters<typeof avro.streams.BlockEncoder>[1]
  const encoder = new avro.streams.BlockEncoder(schema, options)
  const chunks: Buffer[] = []
  return new Promise((resolvePromise, reject) => {
    encoder.on('data', (chunk: Buffer) => chunks.push(chunk))
    encoder.on('error', reject)
    encoder.on('end', () => resolvePromise(Buffer.concat(chunks)))
    for (const record of records) encoder.write(record)
    encoder.end()
  })
}
