import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { copyToParquet } from '../../catalog/index.ts'
import { openDuckDbSession, type DuckDbSession } from '../duckdb-session.ts'
import { hasRepeatedKeys, keysStrictlyMonotonic } from './repeated-keys.ts'

let session: DuckDbSession
let dir: string
let files = 0
const KEY = ['machine_id', 'period_start']

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cockpit-keys-'))
  session = await openDuckDbSession({ plantTz: 'UTC', tempDir: join(dir, 'tmp') })
})
afterAll(() => {
  session?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** A clean file of (machine_id, period_start) rows in the given order. */
async function cleanFile(rows: [string | null, number | null][]): Promise<string> {
  const file = join(dir, `clean-${++files}.parquet`)
  const values = rows.map(([machine, hour], i) => `(${i}, ${machine === null ? 'NULL' : `'${machine}'`}, ${hour === null ? 'NULL::TIMESTAMPTZ' : `TIMESTAMPTZ '2026-11-24 00:00:00+00' + INTERVAL ${hour} HOUR`})`)
  await copyToParquet(session.connection, `SELECT machine_id, period_start FROM (VALUES ${values.join(', ')}) t(i, machine_id, period_start) ORDER BY i`, file)
  return file
}

const check = async (rows: [string | null, number | null][]) => {
  const file = await cleanFile(rows)
  const byKey = await keysStrictlyMonotonic(session.connection, file, KEY)
  const byTime = await keysStrictlyMonotonic(session.connection, file, [...KEY].reverse())
  return { monotonic: byKey || byTime, repeated: await hasRepeatedKeys(session.connection, file, KEY, 'period_start') }
}

describe('repeated keys within a clean file', () => {
  it('proves keys unique in one ordered pass when the file is sorted by key or by time first', async () => {
    expect(await check([['M1', 0], ['M1', 1], ['M2', 0], ['M2', 1]])).toEqual({ monotonic: true, repeated: false })
    expect(await check([['M1', 0], ['M2', 0], ['M1', 1], ['M2', 1]])).toEqual({ monotonic: true, repeated: false })
  })

  it('falls back to grouping when the order proves nothing, and finds a key however far apart its rows are', async () => {
    expect(await check([['M2', 1], ['M1', 0], ['M2', 0], ['M1', 1]])).toEqual({ monotonic: false, repeated: false })
    expect(await check([['M1', 0], ['M2', 0], ['M1', 1], ['M1', 0]])).toEqual({ monotonic: false, repeated: true })
    expect(await check([['M1', 0], ['M1', 0], ['M2', 0]])).toEqual({ monotonic: false, repeated: true })
  })

  it('takes no proof from a comparison with NULL', async () => {
    expect(await check([['M1', null], ['M1', null]])).toEqual({ monotonic: false, repeated: true })
    expect(await check([[null, 0], ['M1', 0]])).toEqual({ monotonic: false, repeated: false })
    // The time alone decides here, whatever the machine.
    expect(await check([[null, 0], ['M1', 1]])).toEqual({ monotonic: true, repeated: false })
  })
})
