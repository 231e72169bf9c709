import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrateToLatest, openAppDb, type AppDb } from './index.ts'

describe('app database', () => {
  let db: AppDb | undefined
  const dir = mkdtempSync(join(tmpdir(), 'cockpit-appdb-'))
  afterEach(async () => {
    await db?.destroy()
    db = undefined
  })

  it('migrates a new file and keeps rows across reopen', async () => {
    const file = join(dir, 'app.sqlite')
    db = await openAppDb({ file })
    await db.insertInto('instance').values({ created_at: '2026-11-25T00:00:00Z', created_by_version: '0.1.0' }).execute()
    await db.destroy()

    db = await openAppDb({ file })
    const rows = await db.selectFrom('instance').selectAll().execute()
    expect(rows).toEqual([{ id: 1, created_at: '2026-11-25T00:00:00Z', created_by_version: '0.1.0' }])
    expect(await migrateToLatest(db)).toEqual([])
  })

  it('fails with the path when the file cannot be opened', async () => {
    await expect(openAppDb({ file: join(dir, 'missing-dir', 'x', 'app.sqlite') })).rejects.toThrow(/directory does not exist|unable to open/)
  })

  afterAll(() => rmSync(dir, { recursive: true, force: true }))
})
