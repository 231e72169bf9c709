/** The shape of a CLI command: its options and positionals, its help, and what it runs. */
import type { Settings } from '../config/index.ts'

export interface CommandIo {
  env: NodeJS.ProcessEnv
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** True when stderr is a terminal (progress bars, colours). */
  interactive: boolean
}

export interface CommandContext {
  io: CommandIo
  /** Validated settings (config flags and environment). */
  settings: () => Settings
  flags: Record<string, string | boolean>
  /** Values of options that may be given more than once (`multiple`), in order. */
  lists: Record<string, string[]>
  args: string[]
}

export interface CommandSpec {
  name: string
  summary: string
  /** e.g. `cockpit sql "<query>" [--format table|json|csv] [--as-of <snapshot>]` */
  usage: string
  options: Record<string, { type: 'string' | 'boolean'; description: string; multiple?: boolean }>
  positionals: { min: number; max: number }
  /** Imports the command's implementation on first call (see lazyRun). */
  run: CommandRun
}

export type CommandRun = (context: CommandContext) => Promise<number>

/**
 * A run that imports its module only when the command runs: the command table stays light, so
 * `--help` and each command load only what they need (DuckDB, the AWS SDK and kafkajs cost
 * hundreds of milliseconds to import).
 */
export function lazyRun<M>(load: () => Promise<M>, pick: (module: M) => CommandRun): CommandRun {
  return async (context) => pick(await load())(context)
}
