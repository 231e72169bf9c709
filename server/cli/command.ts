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
  args: string[]
}

export interface CommandSpec {
  name: string
  summary: string
  /** e.g. `cockpit sql "<query>" [--format table|json|csv] [--as-of <snapshot>]` */
  usage: string
  options: Record<string, { type: 'string' | 'boolean'; description: string }>
  positionals: { min: number; max: number }
  run(context: CommandContext): Promise<number>
}
