/**
 * Notebooks in the app database: each save is a new version holding the whole file's text, so
 * history, restore and export are reads of stored text. A save names the version it was based
 * on; when someone else saved since, the save is refused as a conflict that names the current
 * version and its author — and nothing is written, so the loser still has their text (the
 * route answers it back) and the winner's stands.
 */
import type { Selectable } from 'kysely'
import { isPostgres, type AppDb, type AppSchema } from '../../db/index.ts'
import { ApiError, notFound } from '../http/api-error.ts'
import { notebookOutline } from './notebook-outline.ts'
import { summarizeChange } from './version-summary.ts'

export interface NotebookSummary {
  id: number
  title: string
  owner: string
  createdAt: string
  updatedAt: string
  updatedBy: string
  version: number
}

export interface Notebook extends NotebookSummary {
  text: string
}

export interface NotebookVersion {
  version: number
  author: string
  createdAt: string
  summary: string
}

/** Thrown by a save on a stale base: the current version, who saved it when, and their text. */
export class NotebookConflict extends ApiError {
  constructor(readonly current: Notebook, readonly baseVersion: number) {
    super(409, 'conflict', `notebook ${current.id} is at version ${current.version}, saved by ${current.updatedBy} at ${current.updatedAt}, not at version ${baseVersion}: reload it and apply your changes again (your text was not saved and is returned)`, { field: 'baseVersion' })
  }
}

export interface Save {
  text: string
  author: string
  at: string
}

export async function listNotebooks(db: AppDb, search?: string): Promise<NotebookSummary[]> {
  let query = db.selectFrom('notebooks').selectAll().orderBy('updated_at', 'desc').orderBy('id', 'desc')
  const q = search?.trim()
  if (q !== undefined && q !== '') {
    // The position in lowered text (SQLite's instr, PostgreSQL's strpos): no LIKE pattern, so `%`
    // and `_` in a search mean themselves.
    const needle = q.toLowerCase()
    const position = isPostgres(db) ? 'strpos' : 'instr'
    query = query.where((eb) => eb.or([eb(eb.fn(position, [eb.fn('lower', ['title']), eb.val(needle)]), '>', 0), eb(eb.fn(position, [eb.fn('lower', ['owner']), eb.val(needle)]), '>', 0)]))
  }
  return (await query.execute()).map(toSummary)
}

export async function getNotebook(db: AppDb, id: number): Promise<Notebook> {
  const row = await db.selectFrom('notebooks').innerJoin('notebook_versions', (join) => join.onRef('notebook_versions.notebook_id', '=', 'notebooks.id').onRef('notebook_versions.version', '=', 'notebooks.version')).selectAll('notebooks').select('notebook_versions.text').where('notebooks.id', '=', id).executeTakeFirst()
  if (row === undefined) throw notFound(`no notebook ${id}`, 'id')
  return { ...toSummary(row), text: row.text }
}

export async function createNotebook(db: AppDb, save: Save): Promise<Notebook> {
  const outline = notebookOutline(save.text)
  return db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('notebooks').values({ title: outline.title, owner: save.author, created_at: save.at, updated_at: save.at, updated_by: save.author, version: 1 }).returningAll().executeTakeFirstOrThrow()
    await trx.insertInto('notebook_versions').values({ notebook_id: row.id, version: 1, text: save.text, author: save.author, created_at: save.at, summary: summarizeChange(undefined, outline.cells) }).execute()
    return { ...toSummary(row), text: save.text }
  })
}

/** A new version on top of `baseVersion`; a conflict when the notebook moved on since. */
export async function saveNotebook(db: AppDb, id: number, baseVersion: number, save: Save & { summary?: string }): Promise<Notebook> {
  return db.transaction().execute(async (trx) => {
    const current = await getNotebook(trx as unknown as AppDb, id)
    if (current.version !== baseVersion) throw new NotebookConflict(current, baseVersion)
    const outline = notebookOutline(save.text)
    const version = current.version + 1
    const summary = save.summary ?? summarizeChange(notebookOutline(current.text).cells, outline.cells)
    // The version in the WHERE makes the check and the write one step even if another process
    // shares the database; done before the version row, so that on PostgreSQL a concurrent save
    // waits for this one and then finds the version moved on (a conflict), rather than failing
    // on the version row's key.
    const updated = await trx.updateTable('notebooks').set({ title: outline.title, updated_at: save.at, updated_by: save.author, version }).where('id', '=', id).where('version', '=', baseVersion).executeTakeFirst()
    if (updated.numUpdatedRows !== 1n) throw new NotebookConflict(await getNotebook(trx as unknown as AppDb, id), baseVersion)
    await trx.insertInto('notebook_versions').values({ notebook_id: id, version, text: save.text, author: save.author, created_at: save.at, summary }).execute()
    return { ...current, title: outline.title, updatedAt: save.at, updatedBy: save.author, version, text: save.text }
  })
}

export async function listVersions(db: AppDb, id: number): Promise<NotebookVersion[]> {
  await getNotebook(db, id)
  const rows = await db.selectFrom('notebook_versions').select(['version', 'author', 'created_at', 'summary']).where('notebook_id', '=', id).orderBy('version', 'desc').execute()
  return rows.map((row) => ({ version: row.version, author: row.author, createdAt: row.created_at, summary: row.summary }))
}

/** One version with its file, as saved. */
export async function getVersion(db: AppDb, id: number, version: number): Promise<NotebookVersion & { text: string }> {
  await getNotebook(db, id)
  const row = await db.selectFrom('notebook_versions').select(['version', 'author', 'created_at', 'summary', 'text']).where('notebook_id', '=', id).where('version', '=', version).executeTakeFirst()
  if (row === undefined) throw notFound(`notebook ${id} has no version ${version}`, 'version')
  return { version: row.version, author: row.author, createdAt: row.created_at, summary: row.summary, text: row.text }
}

export async function getVersionText(db: AppDb, id: number, version: number): Promise<string> {
  return (await getVersion(db, id, version)).text
}

/** Restoring is saving an old text again as the newest version: history only grows. */
export async function restoreVersion(db: AppDb, id: number, version: number, save: Omit<Save, 'text'>): Promise<Notebook> {
  const text = await getVersionText(db, id, version)
  const current = await getNotebook(db, id)
  return saveNotebook(db, id, current.version, { ...save, text, summary: `restored version ${version}` })
}

export async function deleteNotebook(db: AppDb, id: number): Promise<void> {
  // Its versions go with it (ON DELETE CASCADE).
  const result = await db.deleteFrom('notebooks').where('id', '=', id).executeTakeFirst()
  if (result.numDeletedRows === 0n) throw notFound(`no notebook ${id}`, 'id')
}

function toSummary(row: Selectable<AppSchema['notebooks']>): NotebookSummary {
  return { id: row.id, title: row.title, owner: row.owner, createdAt: row.created_at, updatedAt: row.updated_at, updatedBy: row.updated_by, version: row.version }
}
