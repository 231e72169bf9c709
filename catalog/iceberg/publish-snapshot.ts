/**
 * Publishes one catalog table as of one of our snapshots as an Iceberg snapshot: the files as of
 * that snapshot (./readable-copy.ts for those read through a SELECT), a position delete file for
 * the superseded rows of a keyed table (./position-deletes.ts), the manifests, the manifest list
 * and a metadata file — all written before the SQL catalog is pointed at it, so a reader sees
 * the old snapshot or the new one, never half of one. Keys are derived from the snapshot id, so
 * publishing again after a crash rewrites the same objects.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { randomUUID } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Catalog } from '../catalog.ts'
import { filesAsOf, type SnapshotInfo } from '../snapshots.ts'
import { quoteLiteral } from '../sql-text.ts'
import type { RegisteredTable } from '../table-registry.ts'
import { manifestKey, manifestListKey, metadataKey, positionDeletesKey, tableFolder } from './iceberg-layout.ts'
import { icebergSchema } from './iceberg-schema.ts'
import { CONTENT, manifestAvro, manifestListAvro, STATUS, type ManifestEntry, type ManifestFile } from './manifest-avro.ts'
import { writePositionDeletes, type DeleteSource } from './position-deletes.ts'
import { readableFile, type ReadableFile } from './readable-copy.ts'
import { exportState, registerMetadata } from './sql-catalog.ts'
import { previousMetadataSchema, tableMetadataJson } from './table-metadata-json.ts'

export async function publishSnapshot(catalog: Catalog, connection: DuckDBConnection, table: RegisteredTable, snapshot: SnapshotInfo): Promise<void> {
  const uri = storageUri(catalog)
  const files = await readableFiles(catalog, connection, table, snapshot.id)
  const previousState = await exportState(catalog, table.name)
  const before = previousState === undefined ? undefined : { files: await readableFiles(catalog, connection, table, previousState.snapshotId), deleteFile: previousState.deleteFile }
  const deleted = await publishDeletes(catalog, connection, table, snapshot.id, files, before)
  const schemaJson = JSON.stringify(icebergSchema(table.columns))
  const manifests = [await putManifest(catalog, table.name, snapshot.id, 'data', dataEntries(files, snapshot.id, uri), schemaJson)]
  if (deleted !== undefined) manifests.push(await putManifest(catalog, table.name, snapshot.id, 'deletes', [deleted.entry], schemaJson))

  const parent = previousState?.snapshotId ?? null
  const listKey = manifestListKey(table.name, snapshot.id)
  await putBytes(catalog, listKey, await manifestListAvro(manifests, { snapshotId: snapshot.id, parentSnapshotId: parent, sequenceNumber: snapshot.id }))

  const previous = previousState === undefined ? undefined : { uri: previousState.metadataLocation, metadata: await readMetadata(catalog, metadataKey(table.name, previousState.snapshotId)) }
  const rowsOf = (list: readonly ReadableFile[]): number => list.reduce((sum, file) => sum + file.rowCount, 0)
  const metadata = tableMetadataJson({
    tableUuid: previous?.metadata['table-uuid'] ?? randomUUID(),
    locationUri: uri(tableFolder(table.name)),
    columns: table.columns,
    catalogTable: table.name,
    previous,
    fileColumns: await fileColumns(catalog, connection, files.filter((file) => file.addedSnapshot === snapshot.id)),
    snapshot: {
      id: snapshot.id,
      committedAt: snapshot.committedAt,
      operation: snapshot.operation,
      manifestListUri: uri(listKey),
      rewrites: deleted !== undefined || !['append', 'ingest'].includes(snapshot.operation),
      addedRows: rowsOf(files.filter((file) => file.addedSnapshot === snapshot.id)),
      totalRows: rowsOf(files) - (deleted?.entry.recordCount ?? 0),
    },
  })
  const key = metadataKey(table.name, snapshot.id)
  await putBytes(catalog, key, Buffer.from(JSON.stringify(metadata, null, 1)))
  await registerMetadata(catalog, table.name, { snapshotId: snapshot.id, metadataLocation: uri(key), deleteFile: deleted?.key ?? null }, previousState)
}

function readableFiles(catalog: Catalog, connection: DuckDBConnection, table: RegisteredTable, snapshotId: number): Promise<ReadableFile[]> {
  return filesAsOf(catalog, table.name, snapshotId).then((files) => Promise.all(files.map((file) => readableFile(catalog, connection, table, file))))
}

/** The column names of these Parquet files (their footers only). */
async function fileColumns(catalog: Catalog, connection: DuckDBConnection, files: readonly ReadableFile[]): Promise<string[]> {
  if (files.length === 0) return []
  const paths = await Promise.all(files.map((file) => catalog.storage.localPath(file.key)))
  const result = await connection.runAndReadAll(
    `SELECT DISTINCT name FROM parquet_schema([${paths.map(quoteLiteral).join(', ')}]) WHERE coalesce(num_children, 0) = 0 ORDER BY name`,
  )
  return result.getRowObjectsJson().map((row) => String(row.name))
}

/** Storage keys → URIs; only storages that can name their objects for other engines can be exported. */
function storageUri(catalog: Catalog): (key: string) => string {
  const { storage } = catalog
  if (storage.uri === undefined) throw new Error(`${storage.location} cannot name its objects by URI: no Iceberg export`)
  return (key) => storage.uri!(key)
}

function dataEntries(files: readonly ReadableFile[], snapshotId: number, uri: (key: string) => string): ManifestEntry[] {
  return files.map((file) => ({
    status: file.addedSnapshot === snapshotId ? STATUS.added : STATUS.existing,
    snapshotId: file.addedSnapshot,
    sequenceNumber: file.addedSnapshot,
    content: CONTENT.data,
    filePath: uri(file.key),
    recordCount: file.rowCount,
    fileSizeInBytes: file.byteSize,
  }))
}

/**
 * The delete file of a keyed table at this snapshot, as a manifest entry and its key; undefined
 * when no row is superseded. When the snapshot only added files to the previously published one,
 * the previous delete file is extended with the rows the new files supersede (./position-deletes.ts);
 * when it removed files (compaction, a rebuild), it is computed afresh.
 */
async function publishDeletes(
  catalog: Catalog,
  connection: DuckDBConnection,
  table: RegisteredTable,
  snapshotId: number,
  files: readonly ReadableFile[],
  before: { files: readonly ReadableFile[]; deleteFile: string | null } | undefined,
): Promise<{ entry: ManifestEntry; key: string } | undefined> {
  if (table.key === undefined || table.key.length === 0) return undefined
  const uri = storageUri(catalog)
  const source = async (file: ReadableFile): Promise<DeleteSource> => ({ localPath: await catalog.storage.localPath(file.key), uri: uri(file.key) })
  const sources = await Promise.all(files.map(source))
  const current = new Set(files.map((file) => file.key))
  const onlyAdded = before !== undefined && before.files.every((file) => current.has(file.key))
  const previousKeys = new Set(before?.files.map((file) => file.key))
  const increment = onlyAdded
    ? { added: await Promise.all(files.filter((file) => !previousKeys.has(file.key)).map(source)), previous: before.deleteFile === null ? undefined : await catalog.storage.localPath(before.deleteFile) }
    : undefined
  const local = stagedPath(catalog)
  try {
    const n = await writePositionDeletes(connection, { key: table.key, orderBy: table.orderBy }, sources, local, increment)
    if (n === 0) return undefined
    const key = positionDeletesKey(table.name, snapshotId)
    const byteSize = statSync(local).size
    await catalog.storage.put(key, local)
    return { key, entry: { status: STATUS.added, snapshotId, sequenceNumber: snapshotId, content: CONTENT.positionDeletes, filePath: uri(key), recordCount: n, fileSizeInBytes: byteSize } }
  } finally {
    rmSync(local, { force: true })
  }
}

async function putManifest(catalog: Catalog, table: string, snapshotId: number, content: 'data' | 'deletes', entries: ManifestEntry[], schemaJson: string): Promise<ManifestFile> {
  const key = manifestKey(table, snapshotId, content)
  const bytes = await manifestAvro(entries, { schemaJson, content })
  await putBytes(catalog, key, bytes)
  const added = entries.filter((e) => e.status === STATUS.added)
  const existing = entries.filter((e) => e.status === STATUS.existing)
  const rows = (list: ManifestEntry[]): number => list.reduce((sum, e) => sum + e.recordCount, 0)
  return {
    path: storageUri(catalog)(key),
    length: bytes.length,
    content: content === 'data' ? CONTENT.data : CONTENT.positionDeletes,
    sequenceNumber: snapshotId,
    minSequenceNumber: Math.min(snapshotId, ...entries.map((e) => e.sequenceNumber)),
    addedSnapshotId: snapshotId,
    addedFiles: added.length,
    existingFiles: existing.length,
    addedRows: rows(added),
    existingRows: rows(existing),
  }
}

async function readMetadata(catalog: Catalog, key: string): Promise<ReturnType<typeof previousMetadataSchema.parse>> {
  return previousMetadataSchema.parse(JSON.parse(readFileSync(await catalog.storage.localPath(key), 'utf8')))
}

async function putBytes(catalog: Catalog, key: string, bytes: Buffer): Promise<void> {
  const local = stagedPath(catalog)
  try {
    writeFileSync(local, bytes)
    await catalog.storage.put(key, local)
  } finally {
    rmSync(local, { force: true })
  }
}

function stagedPath(catalog: Catalog): string {
  mkdirSync(catalog.stagingDir, { recursive: true })
  return join(catalog.stagingDir, `iceberg-${randomUUID()}`)
}
