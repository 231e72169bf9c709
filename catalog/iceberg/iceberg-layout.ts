/**
 * Where the Iceberg export keeps its own objects in the catalog's storage: everything under one
 * prefix (vacuum leaves it alone), one folder per table, file names derived from our snapshot and
 * file ids — so rebuilding the export writes the same keys and a reader's old metadata stays valid.
 */

export const ICEBERG_PREFIX = '_iceberg/'

/** `mes.production_counts` → `_iceberg/mes/production_counts` */
export function tableFolder(table: string): string {
  return `${ICEBERG_PREFIX}${table.split('.').join('/')}`
}

export function metadataKey(table: string, snapshotId: number): string {
  return `${tableFolder(table)}/metadata/v${snapshotId}.metadata.json`
}

export function manifestListKey(table: string, snapshotId: number): string {
  return `${tableFolder(table)}/metadata/snap-${snapshotId}.avro`
}

export function manifestKey(table: string, snapshotId: number, content: 'data' | 'deletes'): string {
  return `${tableFolder(table)}/metadata/${snapshotId}-${content}-m0.avro`
}

export function positionDeletesKey(table: string, snapshotId: number): string {
  return `${tableFolder(table)}/data/deletes-${snapshotId}.parquet`
}

export function readableCopyKey(table: string, fileId: number): string {
  return `${tableFolder(table)}/data/copy-${fileId}.parquet`
}

/** `mes.production_counts` → namespace `mes`, name `production_counts`. */
export function icebergIdentifier(table: string): { namespace: string; name: string } {
  const dot = table.indexOf('.')
  return { namespace: table.slice(0, dot), name: table.slice(dot + 1) }
}
