/** The stream positions committed with the catalog's data, where a consumer resumes. */
import type { Catalog } from './catalog.ts'

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
