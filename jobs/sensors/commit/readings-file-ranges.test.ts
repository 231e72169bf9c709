import { describe, expect, it } from 'vitest'
import type { TableFile } from '../../../catalog/index.ts'
import { ReadingsFileRanges } from './readings-file-ranges.ts'

const file = (id: number): TableFile => ({ id, path: `sensors/readings/${id}.parquet`, rowCount: 1, byteSize: 1, partition: null, addedSnapshot: id, reader: null })

describe('the event-time ranges of the readings files', () => {
  it('keeps the files that overlap the range and every file whose range it does not know', () => {
    const ranges = new ReadingsFileRanges()
    ranges.record(1, { min: 0, max: 59_999 })
    ranges.record(2, { min: 60_000, max: 119_999 })
    ranges.record(3, { min: 180_000, max: 239_999 })
    const files = [file(1), file(2), file(3), file(4)]
    expect(ranges.overlapping(files, 70_000, 110_000).map((f) => f.id)).toEqual([2, 4])
    // A late reading widens the range back: the older file is read again.
    expect(ranges.overlapping(files, 30_000, 110_000).map((f) => f.id)).toEqual([1, 2, 4])
    // A millisecond of slack at both ends: a file ending at `from` − 1 ms and one starting at `to` are read.
    expect(ranges.overlapping(files, 120_000, 180_000).map((f) => f.id)).toEqual([2, 3, 4])
    expect(ranges.overlapping(files, 120_002, 179_998).map((f) => f.id)).toEqual([4])
  })

  it('forgets the files compaction replaced, and reads the merged file whatever the range', () => {
    const ranges = new ReadingsFileRanges()
    ranges.record(1, { min: 0, max: 59_999 })
    ranges.record(2, { min: 60_000, max: 119_999 })
    expect(ranges.overlapping([file(9)], 60_000, 120_000).map((f) => f.id)).toEqual([9])
    // File 2 is gone from the table, so its range is forgotten: were it listed again, it is read.
    expect(ranges.overlapping([file(2)], 0, 1).map((f) => f.id)).toEqual([2])
  })
})
