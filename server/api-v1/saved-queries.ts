/** Saved queries in the app database: create, list, read, delete. */
import type { Selectable } from 'kysely'
import type { AppDb, AppSchema } from '../../db/index.ts'
import { ApiError, notFound } from '../http/api-error.ts'

export interface SavedQuery {
  id: number
  name: string
  sql: string
  description: string
  columns: { name: string; type: string }[]
  createdBy: string | null
  createdAt: string
}

export type NewSavedQuery = Omit<SavedQuery, 'id'>

export async function createSavedQuery(db: AppDb, query: NewSavedQuery): Promise<SavedQuery> {
  const existing = await db.selectFrom('saved_queries').select('id').where('name', '=', query.name).executeTakeFirst()
  if (existing !== undefined) throw new ApiError(409, 'conflict', `name: a saved query named '${query.name}' exists already (id ${existing.id})`, { field: 'name' })
  const row = await db
    .insertInto('saved_queries')
    .values({ name: query.name, sql: query.sql, description: query.description, columns: JSON.stringify(query.columns), created_by: query.createdBy, created_at: query.createdAt })
    .returningAll()
    .executeTakeFirstOrThrow()
  return toSavedQuery(row)
}

export async function listSavedQueries(db: AppDb): Promise<SavedQuery[]> {
  return (await db.selectFrom('saved_queries').selectAll().orderBy('id').execute()).map(toSavedQuery)
}

export async function getSavedQuery(db: AppDb, id: number): Promise<SavedQuery> {
  const row = await db.selectFrom('saved_queries').selectAll().where('id', '=', id).executeTakeFirst()
  if (row === undefined) throw notFound(`no saved query ${id}`)
  return toSavedQuery(row)
}

export async function deleteSavedQuery(db: AppDb, id: number): Promise<void> {
  const result = await db.deleteFrom('saved_queries').where('id', '=', id).executeTakeFirst()
  if (result.numDeletedRows === 0n) throw notFound(`no saved query ${id}`)
}

function toSavedQuery(row: Selectable<AppSchema['saved_queries']>): SavedQuery {
  return {
    id: row.id,
    name: row.name,
    sql: row.sql,
    description: row.description,
    columns: JSON.parse(row.columns) as SavedQuery['columns'],
    createdBy: row.created_by,
    createdAt: row.created_at,
  }
}
