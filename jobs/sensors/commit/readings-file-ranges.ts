/**
 * The event-time range of each sensors.readings file this process committed, so that a
 * commit's windows read only the files that can hold readings in their range. Without it every
 * commit opened every readings file of the table (to prune by its statistics) — thousands a
 * day at one commit every 5 s, until the nightly compaction. A file this process did not write
 * (before a restart, or merged by compaction) has no known range and is always read. Pure.
 */
import type { TableFile } from '../../../catalog/index.ts'

export interface TsRange {
  /** Smallest and largest event time in the file, epoch ms. */
  min: number
  max: number
}

export class ReadingsFileRanges {
  private readonly ranges = new Map<number, TsRange>()

  record(fileId: number, range: TsRange): void {
    this.ranges.set(fileId, range)
  }

  /** The files that may hold readings with from ≤ ts < to; forgets the files no longer current. */
  overlapping(files: readonly TableFile[], from: number, to: number): TableFile[] {
    const current = new Set(files.map((file) => file.id))
    for (const id of this.ranges.keys()) if (!current.has(id)) this.ranges.delete(id)
    return files.filter((file) => {
      const range = this.ranges.get(file.id)
      // A millisecond of slack: a fractional epoch-ms time is stored rounded to the microsecond.
      return range === undefined || (range.max >= from - 1 && range.min < to + 1)
    })
  }
}
