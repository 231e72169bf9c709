/**
 * Boards' drafts in the app database: create, list, read, save on a base revision, delete. A
 * save names the revision it was edited from; when someone saved since, it is refused as a
 * conflict naming who saved and when, and nothing is written (as notebooks do). The draft's
 * definition is stored as JSON and read back through the same zod schema that let it in.
 */
import type { Selectable } from 'kysely'
import type { AppDb, AppSchema } from '../../db/index.ts'
import { ApiError, notFound } from '../http/api-error.ts'
import { boardDefinitionSchema, type Board, type BoardDefinition, type BoardSummary } from './board-schemas.ts'

export type BoardRow = Selectable<AppSchema['boards']>

export interface BoardSave {
  definition: BoardDefinition
  author: string
  at: string
}

export class BoardConflict extends ApiError {
  constructor(readonly current: BoardSummary, readonly baseRevision: number) {
    super(409, 'conflict', `board ${current.id} is at revision ${current.revision}, saved by ${current.updatedBy} at ${current.updatedAt}, not at revision ${baseRevision}: reload it and apply your changes again (nothing was saved)`, { field: 'baseRevision' })
  }
}

export async function listBoards(db: AppDb, options: { publishedOnly: boolean }): Promise<BoardSummary[]> {
  let query = db.selectFrom('boards').selectAll().orderBy('updated_at', 'desc').orderBy('id', 'desc')
  if (options.publishedOnly) query = query.where('published_version', 'is not', null)
  const rows = await query.execute()
  const publications = await latestPublications(db, rows)
  return rows.map((row) => {
    const published = publications.get(row.id)
    const summary = toSummary(row, published === undefined ? null : { version: published.version, publishedAt: published.publishedAt, publishedBy: published.publishedBy })
    // Managers see what was published, not the title of a draft in progress.
    return options.publishedOnly && published !== undefined ? { ...summary, title: published.title } : summary
  })
}

export async function getBoardRow(db: AppDb, id: number): Promise<BoardRow> {
  const row = await db.selectFrom('boards').selectAll().where('id', '=', id).executeTakeFirst()
  if (row === undefined) throw notFound(`no board ${id}`, 'id')
  return row
}

/** The draft, as analysts and engineers edit it. */
export async function getDraft(db: AppDb, id: number): Promise<Board> {
  const row = await getBoardRow(db, id)
  const publication = (await latestPublications(db, [row])).get(row.id)
  const definition = parseDefinition(row.definition)
  const published = publication === undefined ? null : { version: publication.version, publishedAt: publication.publishedAt, publishedBy: publication.publishedBy }
  return { ...toSummary(row, published), view: 'draft', version: null, inputs: definition.inputs, tiles: definition.tiles }
}

export async function createBoard(db: AppDb, save: BoardSave): Promise<Board> {
  const row = await db
    .insertInto('boards')
    .values({ title: save.definition.title, owner: save.author, created_at: save.at, updated_at: save.at, updated_by: save.author, revision: 1, definition: JSON.stringify(save.definition), published_version: null })
    .returningAll()
    .executeTakeFirstOrThrow()
  return getDraft(db, row.id)
}

export async function saveBoard(db: AppDb, id: number, baseRevision: number, save: BoardSave): Promise<Board> {
  await db.transaction().execute(async (trx) => {
    const current = await getBoardRow(trx as unknown as AppDb, id)
    if (current.revision !== baseRevision) throw new BoardConflict(toSummary(current, null), baseRevision)
    // The revision in the WHERE makes check and write one step even across processes.
    const updated = await trx
      .updateTable('boards')
      .set({ title: save.definition.title, definition: JSON.stringify(save.definition), updated_at: save.at, updated_by: save.author, revision: baseRevision + 1 })
      .where('id', '=', id)
      .where('revision', '=', baseRevision)
      .executeTakeFirst()
    if (updated.numUpdatedRows !== 1n) throw new BoardConflict(toSummary(await getBoardRow(trx as unknown as AppDb, id), null), baseRevision)
  })
  return getDraft(db, id)
}

export async function deleteBoard(db: AppDb, id: number): Promise<void> {
  // Its versions go with it (ON DELETE CASCADE).
  const result = await db.deleteFrom('boards').where('id', '=', id).executeTakeFirst()
  if (result.numDeletedRows === 0n) throw notFound(`no board ${id}`, 'id')
}

export function parseDefinition(json: string): BoardDefinition {
  return boardDefinitionSchema.parse(JSON.parse(json))
}

export function toSummary(row: BoardRow, published: BoardSummary['published']): BoardSummary {
  return { id: row.id, title: row.title, owner: row.owner, createdAt: row.created_at, updatedAt: row.updated_at, updatedBy: row.updated_by, revision: row.revision, published }
}

type Publication = NonNullable<BoardSummary['published']> & { title: string }

async function latestPublications(db: AppDb, rows: readonly BoardRow[]): Promise<Map<number, Publication>> {
  const published = rows.filter((row) => row.published_version !== null)
  if (published.length === 0) return new Map()
  const versions = await db
    .selectFrom('board_versions')
    .select(['board_id', 'version', 'published_at', 'published_by', 'definition'])
    .where((eb) => eb.or(published.map((row) => eb.and([eb('board_id', '=', row.id), eb('version', '=', row.published_version!)]))))
    .execute()
  return new Map(versions.map((v) => [v.board_id, { version: v.version, publishedAt: v.published_at, publishedBy: v.published_by, title: parseDefinition(v.definition).title }]))
}
