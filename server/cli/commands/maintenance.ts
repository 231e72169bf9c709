/** `cockpit rebuild`, `compact` and `vacuum`: catalog maintenance (implementation in maintenance-run.ts). */
import { lazyRun, type CommandSpec } from '../command.ts'

const load = () => import('./maintenance-run.ts')

export const rebuildCommand: CommandSpec = {
  name: 'rebuild',
  summary: 'Rebuild a clean or KPI table from raw (after a cleaning rule or mapping changed).',
  usage: 'cockpit rebuild <mes.dataset | kpi.machine_daily | kpi.machine_hourly> [--mapping <file.json>]',
  options: { mapping: { type: 'string', description: 'Mapping file to apply while rebuilding.' } },
  positionals: { min: 1, max: 1 },
  run: lazyRun(load, (module) => module.runRebuildCommand),
}

export const compactCommand: CommandSpec = {
  name: 'compact',
  summary: 'Merge a table\'s small files into larger ones (all tables by default).',
  usage: 'cockpit compact [<table> …]',
  options: {},
  positionals: { min: 0, max: 100 },
  run: lazyRun(load, (module) => module.runCompactCommand),
}

export const vacuumCommand: CommandSpec = {
  name: 'vacuum',
  summary: 'Delete data files that no commit registered (left by a crash), older than an hour, and staging files of stopped processes.',
  usage: 'cockpit vacuum',
  options: {},
  positionals: { min: 0, max: 0 },
  run: lazyRun(load, (module) => module.runVacuumCommand),
}
