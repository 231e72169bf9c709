/** `cockpit notebook run <file.md>`: a notebook file run headless (implementation in notebook-run.ts). */
import { lazyRun, type CommandSpec } from '../command.ts'

export const NOTEBOOK_USAGE = 'cockpit notebook run <file.md> [--input name=value …] [--format json|table]'

export const notebookCommand: CommandSpec = {
  name: 'notebook',
  summary: 'Run a notebook file headless, as POST /api/notebooks/{id}/run does.',
  usage: NOTEBOOK_USAGE,
  options: {
    input: { type: 'string', multiple: true, description: 'The value of an input cell, name=value (a date range as FROM..TO); repeat for more.' },
    format: { type: 'string', description: 'Output: table (default, every cell in turn) or json (the route’s answer).' },
  },
  positionals: { min: 2, max: 2 },
  run: lazyRun(() => import('./notebook-run.ts'), (module) => module.runNotebookCommand),
}
