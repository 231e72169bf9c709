/**
 * Published versions of boards. Publishing freezes the draft together with the current file of
 * every notebook its tiles read: a published tile runs exactly the cells published with it, so
 * later notebook edits (or anything a viewer might send) never change what managers and kiosks
 * see until someone publishes again. Restoring copies a version's tiles back into the draft (a new
 * revision); it publishes nothing by itself.
 */
import { sql } from 'kysely'
import type { AppDb } from '../../db/index.ts'
import { notFound } from '../http/api-error.ts'
import { getNotebook } from '../notebooks/notebook-store.ts'
import { parseOrRefuse } from '../notebooks/notebook-check.ts'
import type { Board, BoardPublication, BoardVersion } from './board-schemas.ts'
import { getBoardRow, getDraft, parseDefinition, saveBoard, toSummary } from './board-store.ts'
import { checkTiles } from './tile-cells.ts'

/** The notebook files frozen with a version, by notebook id. */
export type FrozenNotebooks = Record<string, { version: number; text: string }>

export interface PublishedBoard {
  board: Board
  notebooks: FrozenNotebooks
}

export async function publishBoard(db: AppDb, id: number, who: { author: string; at: string }): Promise<BoardPublication> {
  const row = await getBoardRow(db, id)
  const definition = parseDefinition(row.definition)
  const notebooks: FrozenNotebooks = {}
  for (const notebookId of new Set(definition.tiles.flatMap((tile) => (tile.notebook === undefined ? [] : [tile.notebook])))) {
    const notebook = await getNotebook(db, notebookId).catch(() => undefined)
    if (notebook !== undefined) notebooks[notebookId] = { version: notebook.version, text: notebook.text }
  }
  await checkTiles(definition, async (notebookId) => {
    const frozen = notebooks[notebookId]
    return frozen === undefined ? undefined : parseOrRefuse(frozen.text)
  })
  return db.transaction().execute(async (trx) => {
    // Lock the board row before reading the highest version: a concurrent publish of the same
    // board waits here (PostgreSQL row lock; SQLite's write lock) and then reads the version
    // this one commits, so it publishes the next one instead of failing on the key.
    await trx.updateTable('boards').set({ published_version: sql`published_version` }).where('id', '=', id).execute()
    const latest = await trx.selectFrom('board_versions').select((eb) => eb.fn.max('version').as('version')).where('board_id', '=', id).executeTakeFirst()
    const version = (latest?.version ?? 0) + 1
    await trx.insertInto('board_versions').values({ board_id: id, version, definition: row.definition, notebooks: JSON.stringify(notebooks), published_at: who.at, published_by: who.author }).execute()
    await trx.updateTable('boards').set({ published_version: version }).where('id', '=', id).execute()
    return { version, publishedAt: who.at, publishedBy: who.author }
  })
}

/** A published version (the latest without `version`), with the notebooks frozen with it. */
export async function getPublished(db: AppDb, id: number, version?: number): Promise<PublishedBoard> {
  const row = await getBoardRow(db, id)
  const wanted = version ?? row.published_version
  if (wanted === null) throw notFound(`board ${id} has not been published`, 'id')
  const stored = await db.selectFrom('board_versions').selectAll().where('board_id', '=', id).where('version', '=', wanted).executeTakeFirst()
  if (stored === undefined) throw notFound(`board ${id} has no version ${wanted}`, 'version')
  const definition = parseDefinition(stored.definition)
  const latest = row.published_version === null ? null : { version: row.published_version, ...(await publicationOf(db, id, row.published_version)) }
  const board: Board = { ...toSummary(row, latest), title: definition.title, view: 'published', version: wanted, inputs: definition.inputs, tiles: definition.tiles }
  return { board, notebooks: JSON.parse(stored.notebooks) as FrozenNotebooks }
}

export async function listBoardVersions(db: AppDb, id: number): Promise<BoardVersion[]> {
  await getBoardRow(db, id)
  const rows = await db.selectFrom('board_versions').selectAll().where('board_id', '=', id).orderBy('version', 'desc').execute()
  return rows.map((row) => {
    const definition = parseDefinition(row.definition)
    return { version: row.version, publishedAt: row.published_at, publishedBy: row.published_by, title: definition.title, tiles: definition.tiles.length }
  })
}

/** The version's title, inputs and tiles become the draft's next revision. */
export async function restoreBoardVersion(db: AppDb, id: number, version: number, who: { author: string; at: string }): Promise<Board> {
  const { board } = await getPublished(db, id, version)
  const draft = await getDraft(db, id)
  return saveBoard(db, id, draft.revision, { definition: { title: board.title, inputs: board.inputs, tiles: board.tiles }, ...who })
}

async function publicationOf(db: AppDb, id: number, version: number): Promise<{ publishedAt: string; publishedBy: string }> {
  const row = await db.selectFrom('board_versions').select(['published_at', 'published_by']).where('board_id', '=', id).where('version', '=', version).executeTakeFirstOrThrow()
  return { publishedAt: row.published_at, publishedBy: row.published_by }
}
