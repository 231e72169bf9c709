/**
 * A table's lineage and data-quality results, summarised for listings and in detail for one
 * table: where its data came from (source objects, Kafka, other tables) and how the checks of
 * its commits came out.
 */
import { sql } from 'kysely'
import type { Catalog } from './catalog.ts'

export interface LineageSummary {
  /** Distinct sources (objects, topics, tables) that produced the table's data. */
  sources: number
  /** Lineage entries by source kind (s3-object, local-file, kafka, replay, table). */
  byKind: Record<string, number>
  /** Catalog tables this table is derived from. */
  upstreamTables: string[]
}

export interface QualitySummary {
  /** Check results over all commits, by status. */
  pass: number
  warn: number
  fail: number
  lastCheckedAt: string | null
}

export interface LineageEntryInfo {
  snapshotId: number
  committedAt: string
  sourceKind: string
  source: string
  sourceVersion: string | null
  detail: string | null
}

export interface QualityResult {
  snapshotId: number
  committedAt: string
  check: string
  status: string
  observed: number | null
  detail: string | null
}

export async function lineageSummaries(catalog: Catalog): Promise<Map<string, LineageSummary>> {
  const rows = await catalog.db
    .selectFrom('catalog_lineage')
    .select(['table_name', 'source_kind', sql<number>`count(*)`.as('entries'), sql<number>`count(distinct source)`.as('sources')])
    .groupBy(['table_name', 'source_kind'])
    .execute()
  const upstream = await catalog.db.selectFrom('catalog_lineage').select(['table_name', 'source']).distinct().where('source_kind', '=', 'table').orderBy('source').execute()
  const summaries = new Map<string, LineageSummary>()
  const summaryOf = (table: string): LineageSummary => {
    let summary = summaries.get(table)
    if (summary === undefined) summaries.set(table, (summary = { sources: 0, byKind: {}, upstreamTables: [] }))
    return summary
  }
  for (const row of rows) {
    const summary = summaryOf(row.table_name)
    summary.sources += Number(row.sources)
    summary.byKind[row.source_kind] = Number(row.entries)
  }
  for (const row of upstream) if (row.source !== row.table_name) summaryOf(row.table_name).upstreamTables.push(row.source)
  return summaries
}

export async function qualitySummaries(catalog: Catalog): Promise<Map<string, QualitySummary>> {
  const rows = await catalog.db
    .selectFrom('catalog_quality as q')
    .innerJoin('catalog_snapshots as s', 's.id', 'q.snapshot_id')
    .select(['q.table_name', 'q.status', sql<number>`count(*)`.as('n'), sql<string>`max(s.committed_at)`.as('last')])
    .groupBy(['q.table_name', 'q.status'])
    .execute()
  const summaries = new Map<string, QualitySummary>()
  for (const row of rows) {
    const summary = summaries.get(row.table_name) ?? { pass: 0, warn: 0, fail: 0, lastCheckedAt: null }
    if (row.status === 'pass' || row.status === 'warn' || row.status === 'fail') summary[row.status] += Number(row.n)
    if (summary.lastCheckedAt === null || row.last > summary.lastCheckedAt) summary.lastCheckedAt = row.last
    summaries.set(row.table_name, summary)
  }
  return summaries
}

/** The table's lineage entries, newest first. */
export async function tableLineage(catalog: Catalog, table: string, limit = 100): Promise<LineageEntryInfo[]> {
  const rows = await catalog.db
    .selectFrom('catalog_lineage as l')
    .innerJoin('catalog_snapshots as s', 's.id', 'l.snapshot_id')
    .select(['l.snapshot_id', 's.committed_at', 'l.source_kind', 'l.source', 'l.source_version', 'l.detail'])
    .where('l.table_name', '=', table)
    .orderBy('l.id', 'desc')
    .limit(limit)
    .execute()
  return rows.map((row) => ({ snapshotId: row.snapshot_id, committedAt: row.committed_at, sourceKind: row.source_kind, source: row.source, sourceVersion: row.source_version, detail: row.detail }))
}

/** The latest result of each check on the table. */
export async function latestQuality(catalog: Catalog, table: string): Promise<QualityResult[]> {
  const rows = await catalog.db
    .selectFrom('catalog_quality as q')
    .innerJoin('catalog_snapshots as s', 's.id', 'q.snapshot_id')
    .select(['q.snapshot_id', 's.committed_at', 'q.check_name', 'q.status', 'q.observed', 'q.detail'])
    .where('q.table_name', '=', table)
    .where('q.id', 'in', (eb) => eb.selectFrom('catalog_quality').select((e) => e.fn.max('id').as('id')).where('table_name', '=', table).groupBy('check_name'))
    .orderBy('q.check_name')
    .execute()
  return rows.map((row) => ({ snapshotId: row.snapshot_id, committedAt: row.committed_at, check: row.check_name, status: row.status, observed: row.observed, detail: row.detail }))
}
