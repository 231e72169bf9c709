export { openAppDb, type AppDb, type OpenAppDbOptions } from './app-db.ts'
export { migrateToLatest, MigrationError } from './migrate.ts'
export type { AppSchema, CatalogTablesTable, JobLeasesTable, JobRunsTable } from './schema.ts'
export { isPostgres, redactDatabaseUrl } from './postgres.ts'
