/**
 * The commit protocol. Data files are written to storage first, under unique names; then one
 * app-database transaction registers them together with the files they replace, their lineage,
 * quality results and the source positions they consumed. A crash before the transaction
 * leaves only unregistered files (garbage for `vacuum`); a crash after it leaves a complete
 * snapshot. Nothing is lost and nothing is counted twice.
 *
 * Commits are serialised, on SQLite by its single writer and on PostgreSQL (several instances
 * sharing one catalog) by a transaction-scoped advisory lock taken first in the transaction.
 * So each commit sees every commit before it: the compare-and-set on the files it removes
 * (`fileIds` must all still be current) and the replacement of partitions act on the table's
 * head, and snapshot ids grow in commit order — a reader at snapshot n never later finds a
 * commit with a smaller id appear under it (with a sequence alone, a commit that drew id 10
 * could become visible after one that drew 11).
 *
 * Stream offsets are a compare-and-set too (./stream-offsets.ts): a sensor batch names the offset
 * it started from per partition, and if another instance stored that partition since, the whole
 * commit is refused (StreamOffsetConflict) — its files stay unregistered, `vacuum`'s garbage.
 */
import { randomUUID } from 'node:crypto'
import { rmSync, statSync } from 'node:fs'
import { sql, type Kysely } from 'kysely'
import { isPostgres } from '../db/index.ts'
import type { Catalog } from './catalog.ts'
import { CommitConflictError } from './commit-conflict.ts'
import { storeOffsets, type StreamOffset } from './stream-offsets.ts'
import type { DebtEntry } from './derived-debt.ts'

export type { StreamOffset } from './stream-offsets.ts'

export interface StagedFile {
  table: string
  /** A Parquet file in the catalog's staging folder; removed after a successful commit. */
  localFile: string
  rowCount: number
  partition?: string
  /**
   * A file that is not Parquet (a raw source object kept as its own bytes): how to read it, as
   * a SELECT with a `{path}` placeholder, and the extension its key gets (e.g. `csv.gz`, so
   * DuckDB still sees the compression). Such a file is the caller's and is left in place.
   */
  foreign?: { reader: string; extension: string }
  /**
   * A staged Parquet file that the table reads through this SELECT (`{path}` placeholder), e.g.
   * one that leaves columns constant over the file to the reader instead of storing them.
   */
  reader?: string
  /** Already stored by `uploadFile` (a large file sent while its table's other files were made). */
  uploaded?: UploadedFile
}

/** A file in storage under its final key that no snapshot lists yet (`vacuum` garbage until committed). */
export interface UploadedFile {
  key: string
  byteSize: number
}

/** Files that stop being part of a table in this snapshot. */
export interface Removal {
  table: string
  /** Remove the files of these partitions; without it (and without `fileIds`), every current file of the table. */
  partitions?: string[]
  /**
   * Remove exactly these files (catalog file ids). Each must still be current: a job that read
   * them at one snapshot (compaction, a rebuild) must not resurrect rows that a later commit
   * removed, so a file removed in between fails the whole commit.
   */
  fileIds?: number[]
}

export interface LineageEntry {
  table: string
  sourceKind: 's3-object' | 'local-file' | 'kafka' | 'replay' | 'table'
  source: string
  sourceVersion?: string
  detail?: string
}

export interface QualityEntry {
  table: string
  check: string
  status: 'pass' | 'warn' | 'fail'
  observed?: number
  detail?: string
}

export interface IngestedEntry {
  source: string
  key: string
  etag: string
  lastModified: string
  size: number
  dataset?: string
  status: 'ingested' | 'quarantined'
  rowsAccepted: number
  rowsQuarantined: number
}

export interface CommitRequest {
  operation: 'append' | 'replace' | 'compact' | 'rebuild' | 'ingest'
  jobRunId?: number
  add: StagedFile[]
  remove?: Removal[]
  lineage?: LineageEntry[]
  quality?: QualityEntry[]
  ingested?: IngestedEntry[]
  offsets?: StreamOffset[]
  /** Work this commit makes due on derived tables (./derived-debt.ts), recorded with it. */
  owe?: DebtEntry[]
  /** Debts (ids) this commit pays: they go with it, and stay if it fails. */
  settle?: number[]
  summary?: Record<string, unknown>
}

/** Hooks for tests that inject a crash between the two halves of a commit. */
export interface CommitEffects {
  afterFilesWritten?: (keys: string[]) => void | Promise<void>
}

export interface CommittedFile {
  id: number
  table: string
  path: string
  rowCount: number
}

export interface CommitResult {
  snapshotId: number
  files: CommittedFile[]
}

/**
 * Stores a file under a fresh key of its table, ready for a later `commit` to register (pass it
 * as the staged file's `uploaded`). Until then it is garbage that `vacuum` would remove.
 */
export async function uploadFile(catalog: Catalog, file: Pick<StagedFile, 'table' | 'localFile' | 'foreign'>): Promise<UploadedFile> {
  const day = catalog.clock().toISOString().slice(0, 10)
  const key = `${file.table.replace('.', '/')}/${day}/${randomUUID()}.${file.foreign?.extension ?? 'parquet'}`
  const byteSize = statSync(file.localFile).size
  await catalog.storage.put(key, file.localFile)
  return { key, byteSize }
}

export async function commit(catalog: Catalog, request: CommitRequest, effects: CommitEffects = {}): Promise<CommitResult> {
  const written = await Promise.all(request.add.map(async (file) => ({ ...file, ...(file.uploaded ?? (await uploadFile(catalog, file))) })))
  await effects.afterFilesWritten?.(written.map((file) => file.key))

  const result = await catalog.db.transaction().execute(async (trx) => {
    await serialiseCommits(trx)
    const tables = [...new Set([...request.add.map((f) => f.table), ...(request.remove ?? []).map((r) => r.table)])]
    const snapshot = await trx
      .insertInto('catalog_snapshots')
      .values({
        committed_at: catalog.clock().toISOString(),
        job_run_id: request.jobRunId ?? null,
        operation: request.operation,
        tables: JSON.stringify(tables),
        summary: request.summary === undefined ? null : JSON.stringify(request.summary),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const snapshotId = snapshot.id

    for (const removal of request.remove ?? []) {
      let query = trx
        .updateTable('catalog_files')
        .set({ removed_snapshot: snapshotId })
        .where('table_name', '=', removal.table)
        .where('removed_snapshot', 'is', null)
      if (removal.partitions !== undefined) {
        if (removal.partitions.length === 0) continue
        query = query.where('partition_key', 'in', removal.partitions)
      }
      if (removal.fileIds !== undefined) {
        if (removal.fileIds.length === 0) continue
        query = query.where('id', 'in', removal.fileIds)
      }
      const removed = await query.executeTakeFirst()
      if (removal.fileIds !== undefined && Number(removed.numUpdatedRows) !== removal.fileIds.length) {
        throw new CommitConflictError(
          `commit conflict on ${removal.table}: ${removal.fileIds.length - Number(removed.numUpdatedRows)} file(s) to remove are not current files of the table (a later commit removed them?); run the job again`,
        )
      }
    }

    const files: CommittedFile[] = []
    for (const file of written) {
      const row = await trx
        .insertInto('catalog_files')
        .values({
          table_name: file.table,
          path: file.key,
          row_count: file.rowCount,
          byte_size: file.byteSize,
          partition_key: file.partition ?? null,
          added_snapshot: snapshotId,
          removed_snapshot: null,
          reader: file.foreign?.reader ?? file.reader ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      files.push({ id: row.id, table: file.table, path: file.key, rowCount: file.rowCount })
    }

    for (const entry of request.lineage ?? []) {
      await trx
        .insertInto('catalog_lineage')
        .values({
          snapshot_id: snapshotId,
          table_name: entry.table,
          source_kind: entry.sourceKind,
          source: entry.source,
          source_version: entry.sourceVersion ?? null,
          detail: entry.detail ?? null,
        })
        .execute()
    }
    for (const entry of request.quality ?? []) {
      await trx
        .insertInto('catalog_quality')
        .values({
          snapshot_id: snapshotId,
          table_name: entry.table,
          check_name: entry.check,
          status: entry.status,
          observed: entry.observed ?? null,
          detail: entry.detail ?? null,
        })
        .execute()
    }
    for (const entry of request.ingested ?? []) {
      await trx
        .insertInto('ingested_objects')
        .values({
          source: entry.source,
          object_key: entry.key,
          etag: entry.etag,
          last_modified: entry.lastModified,
          size: entry.size,
          dataset: entry.dataset ?? null,
          status: entry.status,
          rows_accepted: entry.rowsAccepted,
          rows_quarantined: entry.rowsQuarantined,
          snapshot_id: snapshotId,
          job_run_id: request.jobRunId ?? null,
        })
        .execute()
    }
    // A compare-and-set where the offsets say where their reader started: a conflict refuses the whole commit.
    await storeOffsets(trx, request.offsets ?? [], snapshotId)
    for (const debt of request.owe ?? []) {
      await trx
        .insertInto('derived_debt')
        .values({ target: debt.target, snapshot_id: snapshotId, range_min: debt.range?.min ?? null, range_max: debt.range?.max ?? null })
        .execute()
    }
    if (request.settle !== undefined && request.settle.length > 0) await trx.deleteFrom('derived_debt').where('id', 'in', request.settle).execute()
    return { snapshotId, files }
  })

  for (const file of request.add) if (file.foreign === undefined) rmSync(file.localFile, { force: true })
  catalog.afterCommit?.(result.snapshotId)
  return result
}

/** Any 64-bit key, the same for every instance: "the catalog's commit lock". */
export const COMMIT_LOCK_KEY = 0x636f636b7069 // "cockpi"

/** Waits for the catalog's commit lock (PostgreSQL); held until the transaction ends. SQLite serialises writers already. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function serialiseCommits(trx: Kysely<any>): Promise<void> {
  if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(${sql.lit(COMMIT_LOCK_KEY)})`.execute(trx)
}
