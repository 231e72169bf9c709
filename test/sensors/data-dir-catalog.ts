/**
 * Reads a cockpit's catalog with DuckDB, for assertions: the catalog of a data dir (SQLite app
 * database, files under catalog/), or a shared one (PostgreSQL app database, files on S3), as
 * instances of issue 16 use it. Besides the catalog's views (keyed tables merged on read),
 * `raw.<table>` shows every stored row of a table's current files, so a test can see a row
 * stored twice even where the view would hide it.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCatalogViews, createLocalStorage, createS3Client, createS3Storage, filesAsOf, getTable, openCatalog, viewSql, type S3ClientOptions } from '../../catalog/index.ts'
import { openAppDb } from '../../db/index.ts'
import { openDuckDbSession } from '../../jobs/index.ts'

/** A data dir's own catalog, or a catalog shared by instances: its PostgreSQL URL and its s3:// location. */
export type CatalogLocation = string | { databaseUrl: string; catalog: string; s3: S3ClientOptions }

export async function queryDataDir(dataDir: string, sql: string, rawTables: string[] = []): Promise<Record<string, unknown>[]> {
  return queryCatalog(dataDir, sql, rawTables)
}

export async function queryCatalog(location: CatalogLocation, sql: string, rawTables: string[] = []): Promise<Record<string, unknown>[]> {
  const shared = typeof location === 'string' ? undefined : location
  // A shared catalog is read through a cache of its own, removed afterwards.
  const workDir = shared === undefined ? (location as string) : mkdtempSync(join(tmpdir(), 'catalog-query-'))
  const db = await openAppDb(shared === undefined ? { file: join(workDir, 'app.sqlite') } : { url: shared.databaseUrl })
  const s3 = shared === undefined ? undefined : createS3Client(shared.s3)
  const session = await openDuckDbSession({ plantTz: 'UTC', tempDir: join(workDir, 'tmp', 'test-query') })
  try {
    const storage = shared === undefined || s3 === undefined ? createLocalStorage(join(workDir, 'catalog')) : createS3Storage({ client: s3, url: shared.catalog, cacheDir: join(workDir, 'cache'), immutableKeys: true })
    const catalog = openCatalog({ db, storage, stagingDir: join(workDir, 'staging') })
    await createCatalogViews(session.connection, catalog)
    await session.connection.run('CREATE SCHEMA IF NOT EXISTS raw')
    for (const name of rawTables) {
      const table = await getTable(catalog, name)
      if (table === undefined) throw new Error(`${shared?.catalog ?? workDir}: no catalog table ${name}`)
      const files = await Promise.all((await filesAsOf(catalog, name)).map((file) => catalog.storage.localPath(file.path)))
      await session.connection.run(`CREATE VIEW raw."${name.split('.')[1]}" AS ${viewSql({ ...table, key: undefined }, files)}`)
    }
    return (await session.connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[]
  } finally {
    session.close()
    s3?.destroy()
    await db.destroy()
    if (shared !== undefined) rmSync(workDir, { recursive: true, force: true })
  }
}
