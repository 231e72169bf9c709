/** `cockpit migrate-db <postgres-url>`: move an embedded app database into PostgreSQL (implementation in migrate-db-run.ts). */
import { lazyRun, type CommandSpec } from '../command.ts'

export const migrateDbCommand: CommandSpec = {
  name: 'migrate-db',
  summary: "Copy the data dir's app database (SQLite) into an empty PostgreSQL database; stop the cockpit first.",
  usage: 'cockpit migrate-db <postgres-url> [--data-dir <dir>]',
  options: {},
  positionals: { min: 1, max: 1 },
  run: lazyRun(() => import('./migrate-db-run.ts'), (module) => module.runMigrateDbCommand),
}
