/**
 * Publishing a board on both app databases: publishes of one board at the same moment (two
 * instances, or two tabs) each get their own next version instead of one failing on the key.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AppDb } from '../../db/index.ts'
import { appDatabases } from '../../test/harness/app-databases.ts'
import { createBoard } from './board-store.ts'
import { listBoardVersions, publishBoard } from './board-versions.ts'

const at = '2026-12-03T20:00:00.000Z'

describe.each(appDatabases)('board publishing on $name', (database) => {
  let db: AppDb
  beforeEach(async () => {
    db = await database.open()
  })
  afterEach(() => db.destroy())

  it('gives publishes of one board at once consecutive versions, none failing', async () => {
    const board = await createBoard(db, { definition: { title: 'Line 2', inputs: [], tiles: [] }, author: 'mia', at })
    const results = await Promise.all(['mia', 'ole', 'ana', 'tom'].map((author) => publishBoard(db, board.id, { author, at })))
    expect(results.map((result) => result.version).sort()).toEqual([1, 2, 3, 4])
    expect((await listBoardVersions(db, board.id)).map((version) => version.version)).toEqual([4, 3, 2, 1])
  })
})
