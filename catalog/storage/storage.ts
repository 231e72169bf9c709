/**
 * The storage port: where catalog Parquet files live and where MES source objects are read
 * from. Implemented by a local folder (local-storage.ts) and by S3 (s3-storage.ts); this file
 * also owns the rules both share — what a valid key is and in which order keys are listed.
 */

export interface StoredObject {
  key: string
  size: number
  etag: string
  lastModified: Date
}

export interface Storage {
  /** Human description, e.g. "folder /data/catalog" or "s3://bucket/prefix". */
  readonly location: string
  /**
   * Stores a local file under `key` (relative to the storage root, '/'-separated). Readers never
   * see a partial object.
   */
  put(key: string, localFile: string): Promise<void>
  /**
   * A local file path to read `key` from. If `etag` is given and the object no longer has it,
   * throws rather than return other bytes than the caller asked for.
   */
  localPath(key: string, etag?: string): Promise<string>
  /** Every object whose key starts with `prefix` (a plain string prefix, as in S3), sorted by key. */
  list(prefix?: string): AsyncIterable<StoredObject>
  /** Deletes keys; missing keys are not an error. */
  delete(keys: string[]): Promise<void>
  /**
   * The object's absolute URI for other engines (`file:///…`, `s3://bucket/…`): Iceberg metadata
   * names files by URI (catalog/iceberg/). Optional so test doubles need not have one.
   */
  uri?(key: string): string
}

/**
 * Throws unless `key` is a relative, '/'-separated path without empty, '.' or '..' segments.
 * Keys become file paths in a local folder and in the S3 read cache, so this is what keeps a
 * key from escaping its root; S3 itself would accept them, but then the two backends differ.
 */
export function assertStorageKey(key: string, location: string): void {
  const problem = keyProblem(key)
  if (problem !== undefined) throw new Error(`invalid key ${JSON.stringify(key)} for ${location}: ${problem}`)
}

/** Throws unless `prefix` is '' or a valid key, optionally with one trailing '/'. */
export function assertStoragePrefix(prefix: string, location: string): void {
  if (prefix === '') return
  const problem = keyProblem(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix)
  if (problem !== undefined) throw new Error(`invalid prefix ${JSON.stringify(prefix)} for ${location}: ${problem}`)
}

function keyProblem(key: string): string | undefined {
  if (key === '') return 'it is empty'
  if (key.includes('\0')) return 'it contains a NUL character'
  if (key.includes('\\')) return "use '/' to separate folders, not '\\'"
  if (key.startsWith('/')) return 'keys are relative to the storage root, so no leading /'
  const segments = key.split('/')
  if (segments.some((s) => s === '')) return 'it has an empty path segment (// or a trailing /)'
  if (segments.some((s) => s === '.' || s === '..')) return "'.' and '..' segments are not allowed"
  return undefined
}

/**
 * Orders keys by their UTF-8 bytes, the order S3 lists in, so both backends list alike
 * (JavaScript's default sort compares UTF-16 code units, which differs above U+FFFF).
 */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b))
}
