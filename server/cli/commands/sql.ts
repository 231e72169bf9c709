/** `cockpit sql "<query>"`: a read-only query over the catalog (implementation in sql-run.ts). */
import { lazyRun, type CommandSpec } from '../command.ts'

export const sqlCommand: CommandSpec = {
  name: 'sql',
  summary: 'Run a read-only SQL query over the catalog.',
  usage: 'cockpit sql "<query>" [--format table|json|csv] [--as-of <snapshot>] [--max-rows <n>]',
  options: {
    format: { type: 'string', description: 'Output format: table (default), json or csv.' },
    'as-of': { type: 'string', description: 'Read the catalog as of this snapshot id (time travel).' },
    'max-rows': { type: 'string', description: 'Print at most this many rows (default 10000).' },
  },
  positionals: { min: 1, max: 1 },
  run: lazyRun(() => import('./sql-run.ts'), (module) => module.runSqlCommand),
}
