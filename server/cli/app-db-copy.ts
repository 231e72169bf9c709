/**
 * Copies the app database from SQLite into an empty PostgreSQL database that the same
 * migrations made (`cockpit migrate-db`). Tables are not listed here: they are read from the
 * SQLite schema, so a table a later migration adds is copied too. Parents come before children
 * (foreign keys), every row goes in one PostgreSQL transaction, the bigserial sequences are moved
 * past the copied ids, and the row counts are compared before the transaction commits: a copy
 * that lost a row does not commit.
 */
import { sql, type Kysely } from 'kysely'

// The copy walks tables it only knows by name.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>

/** Bookkeeping of kysely's Migrator: each side has its own, written by the migrations themselves. */
const MIGRATOR_TABLES = new Set(['kysely_migration', 'kysely_migration_lock'])
/** PostgreSQL accepts at most 65535 parameters in one statement; batches stay well below. */
const MAX_PARAMETERS = 30_000
const MAX_BATCH_ROWS = 1_000

export interface TableCount {
  table: string
  source: number
  target: number
}

export interface CopyProgress {
  (event: { table: string; copied: number; total: number }): void
}

/** The app tables of a SQLite database, parents before children. */
export async function sqliteTables(source: AnyDb): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`.execute(source)
  const tables = rows.map((row) => row.name).filter((name) => !MIGRATOR_TABLES.has(name))
  const parents = new Map<string, string[]>()
  for (const table of tables) {
    const keys = await sql<{ table: string }>`SELECT "table" FROM pragma_foreign_key_list(${table})`.execute(source)
    parents.set(table, keys.rows.map((key) => key.table))
  }
  return dependencyOrder(tables, parents)
}

/**
 * Orders tables so that every table comes after the tables it references; ties keep the given
 * order. A table referencing itself is its own business (rows go in rowid order); a cycle
 * between tables cannot be ordered and is an error.
 */
export function dependencyOrder(tables: string[], parents: Map<string, string[]>): string[] {
  const ordered: string[] = []
  const placed = new Set<string>()
  const visiting = new Set<string>()
  const visit = (table: string, path: string[]): void => {
    if (placed.has(table)) return
    if (visiting.has(table)) throw new Error(`foreign keys form a cycle: ${[...path, table].join(' → ')}`)
    visiting.add(table)
    for (const parent of parents.get(table) ?? []) if (parent !== table && tables.includes(parent)) visit(parent, [...path, table])
    visiting.delete(table)
    placed.add(table)
    ordered.push(table)
  }
  for (const table of tables) visit(table, [])
  return ordered
}

/** The tables of the target's schema that hold rows, with their counts (an empty target has none). */
export async function nonEmptyTables(target: AnyDb): Promise<{ table: string; rows: number }[]> {
  const tables = await postgresTables(target)
  const found: { table: string; rows: number }[] = []
  for (const table of tables) {
    const rows = await countRows(target, table)
    if (rows > 0) found.push({ table, rows })
  }
  return found
}

async function postgresTables(target: AnyDb): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(target)
  return rows.map((row) => row.name).filter((name) => !MIGRATOR_TABLES.has(name))
}

async function columnsOf(target: AnyDb, table: string): Promise<Set<string>> {
  const { rows } = await sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${table}`.execute(target)
  return new Set(rows.map((row) => row.name))
}

export async function countRows(db: AnyDb, table: string): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db)
  return Number(rows[0]?.n ?? 0)
}

/**
 * Copies every table of `source` into `target` (a transaction: the caller's) and returns the
 * counts on both sides. Throws, so the caller's transaction rolls back, when a table is missing
 * on the target, a column has no place there, or a count differs after the copy.
 */
export async function copyTables(source: AnyDb, target: AnyDb, tables: string[], progress: CopyProgress): Promise<TableCount[]> {
  const targetTables = new Set(await postgresTables(target))
  const missing = tables.filter((table) => !targetTables.has(table))
  if (missing.length > 0) throw new Error(`the PostgreSQL database has no table ${missing.join(', ')}: is it migrated by a different cockpit version?`)
  const counts: TableCount[] = []
  for (const table of tables) {
    const total = await countRows(source, table)
    progress({ table, copied: 0, total })
    const copied = await copyTable(source, target, table, total, progress)
    const landed = await countRows(target, table)
    if (landed !== total || copied !== total) throw new Error(`${table}: ${total} rows in SQLite but ${landed} in PostgreSQL after the copy`)
    counts.push({ table, source: total, target: landed })
  }
  return counts
}

async function copyTable(source: AnyDb, target: AnyDb, table: string, total: number, progress: CopyProgress): Promise<number> {
  if (total === 0) return 0
  const targetColumns = await columnsOf(target, table)
  const { rows: sourceColumns } = await sql<{ name: string }>`SELECT name FROM pragma_table_info(${table})`.execute(source)
  const extra = sourceColumns.map((column) => column.name).filter((name) => !targetColumns.has(name))
  if (extra.length > 0) throw new Error(`${table}: column ${extra.join(', ')} has no place in PostgreSQL: is it migrated by a different cockpit version?`)
  const batch = Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(MAX_PARAMETERS / Math.max(1, sourceColumns.length))))
  let copied = 0
  // Keyset paging on rowid: stable order (children of a self-reference after their parents) without OFFSET's rescans.
  for (let after = Number.MIN_SAFE_INTEGER; ; ) {
    const { rows } = await sql<Record<string, unknown>>`SELECT rowid AS "__copy_rowid", * FROM ${sql.table(table)} WHERE rowid > ${after} ORDER BY rowid LIMIT ${batch}`.execute(source)
    if (rows.length === 0) break
    after = Number(rows.at(-1)!.__copy_rowid)
    const values = rows.map(({ __copy_rowid: _rowid, ...row }) => row)
    await target.insertInto(table).values(values).execute()
    copied += rows.length
    progress({ table, copied, total })
    if (rows.length < batch) break
  }
  return copied
}

/**
 * Moves every bigserial sequence of the target past the largest id copied into its column, so
 * that the next row PostgreSQL numbers does not collide with a copied one. Returns how many.
 */
export async function resetSequences(target: AnyDb): Promise<number> {
  const { rows } = await sql<{ table: string; column: string; sequence: string }>`
    SELECT table_name AS "table", column_name AS "column", pg_get_serial_sequence(quote_ident(table_name), column_name) AS "sequence"
    FROM information_schema.columns
    WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'`.execute(target)
  for (const { table, column, sequence } of rows) {
    if (sequence === null) continue
    // is_called false: the next nextval() returns exactly max + 1 (or 1 in an empty table).
    await sql`SELECT setval(${sequence}, coalesce((SELECT max(${sql.ref(column)}) FROM ${sql.table(table)}), 0) + 1, false)`.execute(target)
  }
  return rows.length
}

/**
 * A fingerprint of the catalog's metadata, the same on both sides when nothing was lost: the
 * latest snapshot, the tables, and the files live now (not removed by a later snapshot).
 */
export async function catalogFingerprint(db: AnyDb): Promise<{ latestSnapshot: number | null; tables: number; liveFiles: number; liveRows: number }> {
  const { rows } = await sql<{ latest: number | string | null; tables: number | string; files: number | string; live_rows: number | string | null }>`
    SELECT (SELECT max(id) FROM catalog_snapshots) AS latest,
           (SELECT count(*) FROM catalog_tables) AS tables,
           (SELECT count(*) FROM catalog_files WHERE removed_snapshot IS NULL) AS files,
           (SELECT sum(row_count) FROM catalog_files WHERE removed_snapshot IS NULL) AS live_rows`.execute(db)
  const row = rows[0]!
  return { latestSnapshot: row.latest === null ? null : Number(row.latest), tables: Number(row.tables), liveFiles: Number(row.files), liveRows: Number(row.live_rows ?? 0) }
}
