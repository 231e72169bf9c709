/**
 * The stream positions committed with the catalog's data, where a consumer resumes — and their
 * compare-and-set inside a commit: with several instances in one consumer group, a reader that
 * lost a partition (paused, slow, its session expired) must not commit a batch of it after the
 * new owner started from the stored offset.
 */
import type { Kysely } from 'kysely'
import type { AppSchema } from '../db/index.ts'
import type { Catalog } from './catalog.ts'
import { StreamOffsetConflict, type OffsetConflict } from './stream-offset-conflict.ts'

/** A stream position consumed by a commit: the next offset to read, per partition. */
export interface StreamOffset {
  consumer: string
  topic: string
  partition: number
  nextOffset: string
  /**
   * The next offset the batch's reader started from (what it found stored); null when nothing
   * was stored. The commit is refused unless the stored offset is still this. Undefined: no check
   * (a single reader, or a tool that sets offsets).
   */
  expected?: string | null
}

/** Next offset to read per partition of `topic` for `consumer`; partitions never committed are absent. */
export async function committedOffsets(catalog: Catalog, consumer: string, topic: string): Promise<Map<number, string>> {
  const rows = await catalog.db
    .selectFrom('stream_offsets')
    .select(['partition', 'next_offset'])
    .where('consumer', '=', consumer)
    .where('topic', '=', topic)
    .execute()
  return new Map(rows.map((row) => [row.partition, row.next_offset]))
}

/**
 * Stores the offsets of a commit in its transaction (`snapshotId`). Each with an `expected` is a
 * compare-and-set — an update that needs the stored offset to be it, or an insert that needs no
 * row — so it holds even without the commit lock; if any fails, every conflict is thrown at once
 * and the transaction (the whole commit) rolls back.
 */
export async function storeOffsets(trx: Kysely<AppSchema>, offsets: readonly StreamOffset[], snapshotId: number): Promise<void> {
  const conflicts: OffsetConflict[] = []
  for (const offset of offsets) {
    if (!(await storeOffset(trx, offset, snapshotId))) conflicts.push({ ...keyOf(offset), expected: offset.expected ?? null, stored: await storedOffset(trx, offset) })
  }
  if (conflicts.length > 0) throw new StreamOffsetConflict(conflicts)
}

/** Whether the offset was stored (always, without `expected`). */
async function storeOffset(trx: Kysely<AppSchema>, offset: StreamOffset, snapshotId: number): Promise<boolean> {
  const { consumer, topic, partition, nextOffset, expected } = offset
  const values = { consumer, topic, partition, next_offset: nextOffset, snapshot_id: snapshotId }
  if (expected === undefined) {
    await trx.insertInto('stream_offsets').values(values).onConflict((oc) => oc.columns(['consumer', 'topic', 'partition']).doUpdateSet({ next_offset: nextOffset, snapshot_id: snapshotId })).execute()
    return true
  }
  if (expected === null) {
    const inserted = await trx.insertInto('stream_offsets').values(values).onConflict((oc) => oc.columns(['consumer', 'topic', 'partition']).doNothing()).executeTakeFirst()
    return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1
  }
  const updated = await trx
    .updateTable('stream_offsets')
    .set({ next_offset: nextOffset, snapshot_id: snapshotId })
    .where('consumer', '=', consumer)
    .where('topic', '=', topic)
    .where('partition', '=', partition)
    .where('next_offset', '=', expected)
    .executeTakeFirst()
  return Number(updated.numUpdatedRows) === 1
}

async function storedOffset(trx: Kysely<AppSchema>, offset: StreamOffset): Promise<string | null> {
  const row = await trx
    .selectFrom('stream_offsets')
    .select('next_offset')
    .where('consumer', '=', offset.consumer)
    .where('topic', '=', offset.topic)
    .where('partition', '=', offset.partition)
    .executeTakeFirst()
  return row?.next_offset ?? null
}

function keyOf(offset: StreamOffset): Pick<OffsetConflict, 'consumer' | 'topic' | 'partition'> {
  return { consumer: offset.consumer, topic: offset.topic, partition: offset.partition }
}
