/** `cockpit catalog` lists the tables; `cockpit catalog history <table>` lists a table's snapshots. */
import { getTable, tableHistory, tableStats } from '../../../catalog/index.ts'
import type { Runtime } from '../../runtime.ts'
import { runSql } from '../../sql/sql-service.ts'
import type { CommandContext, CommandSpec } from '../command.ts'
import { textTable } from '../format-result.ts'
import { UsageError } from '../usage-error.ts'
import { withRuntime } from '../with-runtime.ts'

export const catalogCommand: CommandSpec = {
  name: 'catalog',
  summary: 'List the catalog tables, or a table\'s history of snapshots.',
  usage: 'cockpit catalog | cockpit catalog history <table>',
  options: {},
  positionals: { min: 0, max: 2 },
  run: (context: CommandContext) =>
    withRuntime(context, async (runtime) => {
      const [sub, table] = context.args
      if (sub === undefined) return listTables(context, runtime)
      if (sub === 'history' && table !== undefined) return listHistory(context, runtime, table)
      throw new UsageError(`expected 'cockpit catalog' or 'cockpit catalog history <table>'`)
    }),
}

async function listTables(context: CommandContext, runtime: Runtime): Promise<number> {
  const stats = await tableStats(runtime.catalog)
  if (stats.length === 0) {
    context.io.stdout('The catalog is empty: no job has committed data yet.')
    return 0
  }
  const counts = await runSql(runtime.sqlSandbox, {
    sql: stats.map((table) => `SELECT '${table.name}' AS name, count(*) AS n FROM ${table.name}`).join(' UNION ALL '),
  })
  const visible = new Map(counts.rows.map((row) => [String(row[0]), String(row[1])]))
  const now = runtime.catalog.clock().getTime()
  context.io.stdout(
    textTable(
      ['table', 'rows', 'files', 'size', 'schema', 'last commit', 'freshness'],
      stats.map((table) => [
        table.name,
        visible.get(table.name) ?? '?',
        String(table.files),
        formatBytes(table.bytes),
        `v${table.schemaVersion}`,
        table.lastSnapshot === null ? '-' : `#${table.lastSnapshot} ${table.lastCommitAt}`,
        table.lastCommitAt === null ? 'never' : `${formatAge(now - Date.parse(table.lastCommitAt))} ago`,
      ]),
    ),
  )
  return 0
}

async function listHistory(context: CommandContext, runtime: Runtime, name: string): Promise<number> {
  if ((await getTable(runtime.catalog, name)) === undefined) {
    context.io.stderr(`cockpit: no table '${name}' in the catalog (see 'cockpit catalog')`)
    return 1
  }
  const history = await tableHistory(runtime.catalog, name)
  context.io.stdout(
    textTable(
      ['snapshot', 'committed at', 'operation', 'job run', 'summary'],
      history.map((snapshot) => [String(snapshot.id), snapshot.committedAt, snapshot.operation, snapshot.jobRunId === null ? '-' : String(snapshot.jobRunId), JSON.stringify(snapshot.summary ?? {})]),
    ),
  )
  return 0
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(1)} ${units[unit]}`
}

function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 90) return `${seconds} s`
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`
  if (seconds < 129600) return `${Math.round(seconds / 3600)} h`
  return `${Math.round(seconds / 86400)} d`
}
