/**
 * `cockpit catalog` lists the tables; `cockpit catalog history <table>` lists a table's snapshots.
 * Both read only the catalog's metadata in the app database — never a data file — so they answer
 * at once on any catalog size and still answer when data files are missing or unreadable.
 */
import { getTable, listTables as registeredTables, tableHistory, tableStats } from '../../../catalog/index.ts'
import type { Runtime } from '../../runtime.ts'
import type { CommandContext, CommandRun } from '../command.ts'
import { textTable } from '../format-result.ts'
import { UsageError } from '../usage-error.ts'
import { withRuntime } from '../with-runtime.ts'

export const runCatalogCommand: CommandRun = (context: CommandContext) =>
  withRuntime(context, async (runtime) => {
    const [sub, table] = context.args
    if (sub === undefined) return listTables(context, runtime)
    if (sub === 'history' && table !== undefined) return listHistory(context, runtime, table)
    throw new UsageError(`expected 'cockpit catalog' or 'cockpit catalog history <table>'`)
  })

async function listTables(context: CommandContext, runtime: Runtime): Promise<number> {
  const stats = await tableStats(runtime.catalog)
  if (stats.length === 0) {
    context.io.stdout('The catalog is empty: no job has committed data yet.')
    return 0
  }
  // Row counts come from the commits' file records. A keyed table merges versions of a key on
  // read, so its stored rows can exceed what a query returns: marked with *, explained below.
  const keyed = new Set((await registeredTables(runtime.catalog)).filter((table) => (table.key?.length ?? 0) > 0).map((table) => table.name))
  const now = runtime.catalog.clock().getTime()
  context.io.stdout(
    textTable(
      ['table', 'rows', 'files', 'size', 'schema', 'last commit', 'freshness'],
      stats.map((table) => [
        table.name,
        `${table.storedRows}${keyed.has(table.name) ? '*' : ''}`,
        String(table.files),
        formatBytes(table.bytes),
        `v${table.schemaVersion}`,
        table.lastSnapshot === null ? '-' : `#${table.lastSnapshot} ${table.lastCommitAt}`,
        table.lastCommitAt === null ? 'never' : `${formatAge(now - Date.parse(table.lastCommitAt))} ago`,
      ]),
    ),
  )
  if (stats.some((table) => keyed.has(table.name))) {
    context.io.stdout('\n* rows stored; a keyed table shows only the latest version of each key (cockpit sql "SELECT count(*) FROM <table>" counts those)')
  }
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
