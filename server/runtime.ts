/**
 * The resources a running cockpit holds — app database, catalog, MES source, DuckDB engine,
 * S3 client — opened in order and closed in reverse, so that routes, jobs and CLI commands
 * receive them as one injected object.
 */
import type { S3Client } from '@aws-sdk/client-s3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { createIcebergPublisher, createS3Client, openCatalog, openPublishConnection, openEngine, openStorage, releaseProcessStaging, type Catalog, type Engine, type IcebergPublisher, type Storage } from '../catalog/index.ts'
import { openAppDb, redactDatabaseUrl, type AppDb } from '../db/index.ts'
import { isS3, type Settings } from './config/index.ts'
import { prepareDataDir } from './data-dir.ts'
import type { Logger } from './logger.ts'
import { createSqlService, type SqlService } from './sql/sql-service.ts'
import { StartupError } from './startup-error.ts'

export interface Runtime {
  settings: Settings
  logger: Logger
  appDb: AppDb
  catalog: Catalog
  /** Where MES dumps are read from (the landing folder or an S3 prefix). */
  mesSource: Storage
  /** The sandboxed SQL service (its worker processes start at the first query, or on warm()). */
  sqlSandbox: SqlService
  /** The server's own DuckDB database; CLI commands run without it. */
  engine?: Engine
  /** Present when the catalog or the MES source lives on S3. */
  s3?: S3Client
  close(): Promise<void>
}

export interface OpenRuntimeOptions {
  /** Open the server's DuckDB database file (the server does; one-shot CLI commands need not). */
  engine?: boolean
}

export async function openRuntime(settings: Settings, logger: Logger, options: OpenRuntimeOptions = {}): Promise<Runtime> {
  prepareDataDir(settings.dataDir)
  const appDb = await openAppDb(settings.databaseUrl !== undefined ? { url: settings.databaseUrl } : { file: join(settings.dataDir, 'app.sqlite') }).catch((error: Error) => {
    const where = settings.databaseUrl !== undefined ? `at ${redactDatabaseUrl(settings.databaseUrl)} (COCKPIT_DATABASE_URL)` : `in ${settings.dataDir}`
    throw new StartupError(`cannot open the app database ${where}: ${error.message}`, { cause: error })
  })
  let engine: Engine | undefined
  if (options.engine ?? true) {
    engine = await openEngine({ dir: join(settings.dataDir, 'duckdb') }).catch(async (error: Error) => {
      await appDb.destroy()
      throw new StartupError(`cannot open DuckDB in ${settings.dataDir}: ${error.message}`, { cause: error })
    })
  }
  const s3 = needsS3(settings) ? createS3Client({ endpoint: settings.s3Endpoint, region: settings.s3Region }) : undefined
  const catalogCache = join(settings.dataDir, 'cache', 'catalog')
  const storage = openStorage(settings.catalog, { s3, cacheDir: catalogCache, immutableKeys: true })
  const catalog = openCatalog({ db: appDb, storage, stagingDir: join(settings.dataDir, 'staging') })
  const iceberg = settings.icebergExport ? icebergPublisher(catalog, settings, logger) : undefined
  const mesSource = openStorage(settings.mesSource, { s3, cacheDir: join(settings.dataDir, 'cache', 'mes') })
  const sqlReadDir = isS3(settings.catalog) ? catalogCache : settings.catalog
  // The workers bind-mount these read-only at start, so they must exist before any commit.
  mkdirSync(sqlReadDir, { recursive: true })
  const sqlSandbox = createSqlService({
    catalog,
    plantTz: settings.plantTz,
    tempDir: join(settings.dataDir, 'tmp', 'sql'),
    readDirs: [sqlReadDir],
    isolation: settings.sqlIsolation,
    timeoutMs: settings.queryTimeoutMs,
    perUser: settings.sqlPerUser,
    // One-shot CLI commands (no engine) query in their own process: see SqlServiceOptions.inProcess.
    inProcess: options.engine === false,
    logger,
  })

  const close = async (): Promise<void> => {
    // A publish in flight finishes: the export is never left pointing at unwritten metadata anyway,
    // but finishing it saves the next start from redoing it.
    await iceberg?.idle()
    await sqlSandbox.close()
    s3?.destroy()
    engine?.close()
    await appDb.destroy()
    releaseProcessStaging(catalog.stagingRoot)
  }
  return { settings, logger, appDb, catalog, mesSource, sqlSandbox, engine, s3, close }
}

/** Publishes the catalog as Iceberg after every commit (catalog/iceberg/iceberg-publisher.ts). */
function icebergPublisher(catalog: Catalog, settings: Settings, logger: Logger): IcebergPublisher {
  const publisher = createIcebergPublisher({
    catalog,
    openConnection: () => openPublishConnection(join(settings.dataDir, 'tmp', 'iceberg'), settings.plantTz),
    onPublished: (result) => {
      if (Object.keys(result.published).length > 0) logger.debug({ published: result.published, ms: result.ms }, 'iceberg export published')
      if (result.conflicts.length > 0) logger.debug({ tables: result.conflicts }, 'iceberg export: another instance is publishing these tables')
      for (const [table, location] of Object.entries(result.foreign)) {
        logger.warn({ table, location }, `another engine committed to the Iceberg table ${table}; the cockpit's catalog ignores such writes and the export replaced it`)
      }
    },
    onError: (error) => logger.warn({ err: error }, `iceberg export failed, retried at the next commit: ${error.message}`),
  })
  catalog.afterCommit = () => publisher.notify()
  // Catch up with commits made while the export was off (or by a CLI run without it).
  publisher.notify()
  return publisher
}

function needsS3(settings: Settings): boolean {
  return isS3(settings.catalog) || isS3(settings.mesSource)
}
