/** Table types of the app database, as kysely sees them. Each migration that adds a table adds it here. */
import type { Generated } from 'kysely'

export interface InstanceTable {
  id: Generated<number>
  created_at: string
  /** The cockpit version that created this database. */
  created_by_version: string
}

export interface AppSchema {
  instance: InstanceTable
}
