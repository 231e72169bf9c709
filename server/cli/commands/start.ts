/** `cockpit start`: the server, until SIGINT or SIGTERM (implementation in start-run.ts). */
import { lazyRun, type CommandSpec } from '../command.ts'

export const startCommand: CommandSpec = {
  name: 'start',
  summary: 'Start the cockpit server (what `npm start` runs).',
  usage: 'cockpit start [--port <n>] [--host <addr>] [--data-dir <dir>] [--log-level <level>]',
  options: {},
  positionals: { min: 0, max: 0 },
  run: lazyRun(() => import('./start-run.ts'), (module) => module.runStartCommand),
}
