/**
 * The notebook store on both app databases: search by title or owner in any case with `%` and
 * `_` meaning themselves, and saves racing on one base version — as two instances sharing a
 * PostgreSQL make them — end with one winner and conflicts, never a failed write or a lost one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AppDb } from '../../db/index.ts'
import { appDatabases } from '../../test/harness/app-databases.ts'
import { createNotebook, listNotebooks, listVersions, NotebookConflict, saveNotebook } from './notebook-store.ts'

const at = '2026-12-01T08:00:00Z'

describe.each(appDatabases)('the notebook store on $name', (database) => {
  let db: AppDb
  beforeEach(async () => {
    db = await database.open()
  })
  afterEach(() => db.destroy())

  it('finds notebooks by title or owner in any case, taking % and _ literally', async () => {
    const oee = await createNotebook(db, { text: '# OEE 100% week\n', author: 'Ada', at })
    const scrap = await createNotebook(db, { text: '# Scrap_rate\n', author: 'grace', at })
    await createNotebook(db, { text: '# Other\n', author: 'linus', at })
    const ids = async (q: string) => (await listNotebooks(db, q)).map((n) => n.id).sort()
    expect(await ids('oee')).toEqual([oee.id])
    expect(await ids('ADA')).toEqual([oee.id])
    expect(await ids('100%')).toEqual([oee.id])
    expect(await ids('%')).toEqual([oee.id])
    expect(await ids('p_r')).toEqual([scrap.id])
    expect(await ids('_')).toEqual([scrap.id])
    expect(await listNotebooks(db)).toHaveLength(3)
  })

  it('lets one of several saves on the same base version win; the others are conflicts and write nothing', async () => {
    const notebook = await createNotebook(db, { text: '# Shared\n', author: 'ada', at })
    const authors = ['grace', 'linus', 'barbara', 'edsger']
    const outcomes = await Promise.allSettled(authors.map((author) => saveNotebook(db, notebook.id, 1, { text: `# Shared\n\nby ${author}\n`, author, at })))
    const won = outcomes.filter((o) => o.status === 'fulfilled')
    expect(won).toHaveLength(1)
    for (const lost of outcomes.filter((o) => o.status === 'rejected')) expect(lost.reason).toBeInstanceOf(NotebookConflict)
    const versions = await listVersions(db, notebook.id)
    expect(versions.map((v) => v.version)).toEqual([2, 1])
    expect(versions[0]!.author).toBe((won[0] as PromiseFulfilledResult<{ updatedBy: string }>).value.updatedBy)
  })
})
