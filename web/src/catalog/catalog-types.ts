/** What the catalog browser reads from the server: the service API's table detail (/api/v1/tables/{name}) and a row page. */
import type { LineageEntryInfo, QualityResult } from '../../../server/index.ts'

export interface Column {
  name: string
  type: string
}

/** A table as the service API's list gives it, the part completion and the side panel read. */
export interface TableSchema {
  name: string
  layer: string
  columns: Column[]
}

export interface TableDetail {
  name: string
  layer: string
  columns: Column[]
  key: string[] | null
  timeColumn: string | null
  storedRows: number
  files: number
  bytes: number
  schemaVersion: number
  lastSnapshot: number | null
  lastCommitAt: string | null
  lineage: { sources: number; byKind: Record<string, number>; upstreamTables: string[] }
  quality: { pass: number; warn: number; fail: number; lastCheckedAt: string | null }
  recentLineage: LineageEntryInfo[]
  latestQuality: QualityResult[]
}

export interface Snapshot {
  id: number
  committedAt: string
  operation: string
  jobRunId: number | null
  summary: Record<string, unknown> | null
}

export interface RowsPage {
  columns: Column[]
  rows: Record<string, unknown>[]
  rowCount: number
  truncated: boolean
}

/** A /api/query answer: rows as arrays in column order. */
export interface QueryResult {
  columns: Column[]
  rows: unknown[][]
  truncated: boolean
}
