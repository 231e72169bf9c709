/**
 * `cockpit rebuild <table>`, `cockpit compact [<table>…]` and `cockpit vacuum`: catalog
 * maintenance from the command line. Compaction and vacuum, which the instances run nightly, hold
 * the job's lease on a shared PostgreSQL app database (../with-job-lease.ts). A rebuild needs
 * none: the instances never run one, and it reads one snapshot and removes exactly the files it
 * read, so a commit that lands meanwhile is neither lost nor doubled (jobs/mes/rebuild.ts).
 */
import { join } from 'node:path'
import { COMPACT_JOB, compactCatalog, loadMapping, rebuildCatalogTable, VACUUM_JOB, vacuumCatalog, type JobRunContext } from '../../../jobs/index.ts'
import type { Logger } from '../../logger.ts'
import type { Runtime } from '../../runtime.ts'
import type { CommandContext, CommandRun } from '../command.ts'
import { textTable } from '../format-result.ts'
import { withJobLease } from '../with-job-lease.ts'
import { withRuntime } from '../with-runtime.ts'

function jobContext(runtime: Runtime, logger: Logger): JobRunContext {
  const { settings } = runtime
  return { catalog: runtime.catalog, plantTz: settings.plantTz, tempDir: join(settings.dataDir, 'tmp', 'jobs'), logger, trigger: 'cli' }
}

/** Runs `work`; a failure prints one line naming the job and exits 1. */
async function reportFailure(context: CommandContext, what: string, work: () => Promise<number>): Promise<number> {
  try {
    return await work()
  } catch (error) {
    context.io.stderr(`cockpit: ${what} failed: ${(error as Error).message}`)
    return 1
  }
}

export const runRebuildCommand: CommandRun = (context) =>
  withRuntime(context, (runtime, logger) =>
    reportFailure(context, `rebuild of ${context.args[0]}`, async () => {
      const file = context.flags.mapping ?? runtime.settings.mesMapping
      const mapping = typeof file === 'string' ? loadMapping(file) : undefined
      const result = await rebuildCatalogTable(jobContext(runtime, logger), context.args[0]!, mapping)
      const days = result.kpiDays.length === 0 ? 'no KPI days' : `KPIs of ${result.kpiDays[0]} .. ${result.kpiDays.at(-1)}`
      if (result.kind === 'kpi') context.io.stdout(`rebuilt ${days}`)
      else context.io.stdout(`rebuilt mes.${result.dataset} from ${result.objects} raw object(s): ${result.rowsAccepted} rows accepted, ${result.rowsQuarantined} quarantined (snapshot ${result.snapshotId}); ${days}`)
      return 0
    }),
  )

export const runCompactCommand: CommandRun = (context) =>
  withRuntime(context, (runtime, logger) =>
    reportFailure(context, 'compaction', async () => {
      const leased = await withJobLease(runtime, COMPACT_JOB, (lease) => compactCatalog({ ...jobContext(runtime, logger), lease }, context.args.length === 0 ? undefined : context.args))
      if (!leased.ran) {
        context.io.stderr(leased.refusal)
        return 1
      }
      context.io.stdout(textTable(['table', 'files before', 'files after'], leased.value.tables.map((t) => [t.table, String(t.before), String(t.after)])))
      return 0
    }),
  )

export const runVacuumCommand: CommandRun = (context) =>
  withRuntime(context, (runtime, logger) =>
    reportFailure(context, 'vacuum', async () => {
      const leased = await withJobLease(runtime, VACUUM_JOB, (lease) => vacuumCatalog({ ...jobContext(runtime, logger), lease }))
      if (!leased.ran) {
        context.io.stderr(leased.refusal)
        return 1
      }
      const result = leased.value
      context.io.stdout(`deleted ${result.deleted.length} unregistered file(s); kept ${result.kept} too young to judge`)
      context.io.stdout(`removed ${result.staging.removed.length} staging folder(s) of stopped processes`)
      for (const unknown of result.staging.unknown) context.io.stdout(`kept staging ${unknown.entry}: ${unknown.reason}`)
      return 0
    }),
  )
