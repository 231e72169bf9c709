/**
 * Reads the catalog of a cockpit data dir with DuckDB, for assertions. Besides the catalog's
 * views (keyed tables merged on read), `raw.<table>` shows every stored row of a table's current
 * files, so a test can see a row stored twice even where the view would hide it.
 */
import { join } from 'node:path'
import { createCatalogViews, createLocalStorage, filesAsOf, getTable, openCatalog, viewSql } from '../../catalog/index.ts'
import { openAppDb } from '../../db/index.ts'
import { openDuckDbSession } from '../../jobs/index.ts'

export async function queryDataDir(dataDir: string, sql: string, rawTables: string[] = []): Promise<Record<string, unknown>[]> {
  const db = await openAppDb({ file: join(dataDir, 'app.sqlite') })
  const session = await openDuckDbSession({ plantTz: 'UTC', tempDir: join(dataDir, 'tmp', 'test-query') })
  try {
    const catalog = openCatalog({ db, storage: createLocalStorage(join(dataDir, 'catalog')), stagingDir: join(dataDir, 'staging') })
    await createCatalogViews(session.connection, catalog)
    await session.connection.run('CREATE SCHEMA IF NOT EXISTS raw')
    for (const name of rawTables) {
      const table = await getTable(catalog, name)
      if (table === undefined) throw new Error(`${dataDir}: no catalog table ${name}`)
      const files = await Promise.all((await filesAsOf(catalog, name)).map((file) => catalog.storage.localPath(file.path)))
      await session.connection.run(`CREATE VIEW raw."${name.split('.')[1]}" AS ${viewSql({ ...table, key: undefined }, files)}`)
    }
    return (await session.connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[]
  } finally {
    session.close()
    await db.destroy()
  }
}
