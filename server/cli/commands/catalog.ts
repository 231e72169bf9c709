/** `cockpit catalog [history <table>]`: the tables, or a table's snapshots (implementation in catalog-run.ts). */
import { lazyRun, type CommandSpec } from '../command.ts'

export const catalogCommand: CommandSpec = {
  name: 'catalog',
  summary: 'List the catalog tables, or a table\'s history of snapshots.',
  usage: 'cockpit catalog | cockpit catalog history <table>',
  options: {},
  positionals: { min: 0, max: 2 },
  run: lazyRun(() => import('./catalog-run.ts'), (module) => module.runCatalogCommand),
}
