/**
 * Schema migrations, listed in code (not read from a folder at run time) so that they travel
 * with the bundle and run in a fixed order.
 */
import { Migrator, type Kysely, type Migration } from 'kysely'
import * as instance from './migrations/0001-instance.ts'
import * as catalog from './migrations/0002-catalog.ts'
import * as streamOffsets from './migrations/0003-stream-offsets.ts'
import * as auth from './migrations/0004-auth.ts'
import * as savedQueries from './migrations/0005-saved-queries.ts'
import * as fileReaders from './migrations/0007-file-readers.ts'
import * as crashRecovery from './migrations/0008-crash-recovery.ts'
import * as notebooks from './migrations/0009-notebooks.ts'
import * as boards from './migrations/0010-boards.ts'
import * as alerts from './migrations/0011-alerts.ts'
import * as jobLeases from './migrations/0012-job-leases.ts'
import * as loginFailures from './migrations/0013-login-failures.ts'
import * as icebergCatalog from './migrations/0014-iceberg-catalog.ts'
import * as alertEventIndexes from './migrations/0015-alert-event-indexes.ts'

const migrations: Record<string, Migration> = {
  '0001-instance': instance,
  '0002-catalog': catalog,
  '0003-stream-offsets': streamOffsets,
  '0004-auth': auth,
  '0005-saved-queries': savedQueries,
  '0007-file-readers': fileReaders,
  '0008-crash-recovery': crashRecovery,
  '0009-notebooks': notebooks,
  '0010-boards': boards,
  '0011-alerts': alerts,
  '0012-job-leases': jobLeases,
  '0013-login-failures': loginFailures,
  '0014-iceberg-catalog': icebergCatalog,
  '0015-alert-event-indexes': alertEventIndexes,
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError'
}

// Migrations run before the typed schema exists, so they see the database untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((result) => result.status === 'Error')
  if (error !== undefined) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new MigrationError(`app database migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`)
  }
  return (results ?? []).map((result) => result.migrationName)
}
