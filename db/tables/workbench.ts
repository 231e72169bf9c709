/** The workbench: saved queries, notebooks, boards and kiosk links, each with its versions. */
import type { Generated } from 'kysely'

export interface SavedQueriesTable {
  id: Generated<number>
  name: string
  sql: string
  description: Generated<string>
  /** JSON: [{ name, type }] of the result when the query was saved. */
  columns: string
  /** Username of who saved it. */
  created_by: string | null
  created_at: string
}

export interface NotebooksTable {
  id: Generated<number>
  /** The file's first heading, for lists and search. */
  title: string
  /** Username of who created it. */
  owner: string
  created_at: string
  updated_at: string
  /** Username of who saved the current version. */
  updated_by: string
  /** The current version's number (notebook_versions.version). */
  version: number
}

export interface NotebookVersionsTable {
  notebook_id: number
  version: number
  /** The notebook's Markdown file, byte for byte as saved. */
  text: string
  author: string
  created_at: string
  /** What changed against the version before ("added oee; changed worst"). */
  summary: string
}

export interface BoardsTable {
  id: Generated<number>
  title: string
  owner: string
  created_at: string
  updated_at: string
  updated_by: string
  /** The draft's revision; a save names it as its base (migration 0010). */
  revision: number
  /** JSON of the draft: {title, inputs, tiles}. */
  definition: string
  /** The latest published version, or null. */
  published_version: number | null
}

export interface BoardVersionsTable {
  board_id: number
  version: number
  /** JSON of the published {title, inputs, tiles}. */
  definition: string
  /** JSON {"<notebook id>": {version, text}}: the notebook files frozen with the version. */
  notebooks: string
  published_at: string
  published_by: string
}

export interface KioskLinksTable {
  id: string
  /** Hex SHA-256 of the token's secret part. */
  secret_hash: string
  name: string
  /** JSON: board ids in rotation order. */
  boards: string
  rotate_seconds: number
  created_by: string
  created_at: string
  expires_at: string
  last_used_at: string | null
}
