/** Reads the catalog of a cockpit data dir (stopped or running: SQLite WAL allows a reader) with DuckDB, for assertions. */
import { join } from 'node:path'
import { createCatalogViews, createLocalStorage, openCatalog } from '../../catalog/index.ts'
import { openAppDb } from '../../db/index.ts'
import { openDuckDbSession } from '../../jobs/index.ts'

export async function queryDataDir(dataDir: string, sql: string): Promise<Record<string, unknown>[]> {
  const db = await openAppDb({ file: join(dataDir, 'app.sqlite') })
  const session = await openDuckDbSession({ plantTz: 'UTC', tempDir: join(dataDir, 'tmp', 'test-query') })
  try {
    const catalog = openCatalog({ db, storage: createLocalStorage(join(dataDir, 'catalog')), stagingDir: join(dataDir, 'staging') })
    await createCatalogViews(session.connection, catalog)
    return (await session.connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[]
  } finally {
    session.close()
    await db.destroy()
  }
}
