/** Every `cockpit` command, in the order help lists them. */
import type { CommandSpec } from '../command.ts'
import { catalogCommand } from './catalog.ts'
import { ingestCommand } from './ingest.ts'
import { compactCommand, rebuildCommand, vacuumCommand } from './maintenance.ts'
import { migrateDbCommand } from './migrate-db.ts'
import { notebookCommand } from './notebook.ts'
import { replayCommand } from './replay.ts'
import { sqlCommand } from './sql.ts'
import { startCommand } from './start.ts'
import { userCommand } from './user.ts'

export const commands: CommandSpec[] = [startCommand, sqlCommand, notebookCommand, catalogCommand, ingestCommand, rebuildCommand, compactCommand, vacuumCommand, replayCommand, userCommand, migrateDbCommand]
