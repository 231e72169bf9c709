import { describe, expect, it } from 'vitest'
import { mergeSnapshots, snapshotAt } from './snapshot-choices.ts'

const s = (id: number, time: string, operation?: string) => ({ id, committedAt: `2026-12-03T${time}:00Z`, ...(operation ? { operation } : {}) })

describe('snapshot choices', () => {
  it('merges snapshots from several sources, newest first, keeping what each knows', () => {
    expect(mergeSnapshots([s(3, '05:00', 'mes-ingest'), s(1, '03:00')], [s(3, '05:00'), s(7, '06:30', 'append')])).toEqual([s(7, '06:30', 'append'), s(3, '05:00', 'mes-ingest'), s(1, '03:00')])
  })

  it('finds what the board showed at a time', () => {
    const all = [s(7, '06:30'), s(3, '05:00'), s(1, '03:00')]
    expect(snapshotAt(all, new Date('2026-12-03T06:00:00Z'))?.id).toBe(3)
    expect(snapshotAt(all, new Date('2026-12-03T06:30:00Z'))?.id).toBe(7)
    expect(snapshotAt(all, new Date('2026-12-03T02:00:00Z'))).toBeUndefined()
  })
})
