/** Parses the command line strictly: an unknown command or flag is a usage error. */
import { parseArgs } from 'node:util'
import { optionSpecs } from '../config/options.ts'
import type { CommandSpec } from './command.ts'
import { commands } from './commands/index.ts'

export type Invocation =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'command'; command: CommandSpec; settingFlags: Record<string, string>; flags: Record<string, string | boolean>; lists: Record<string, string[]>; args: string[] }
  | { kind: 'usage-error'; message: string }

type ParseOptions = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>

const globalOptions: ParseOptions = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  ...Object.fromEntries(optionSpecs.flatMap((spec) => ('flag' in spec ? [[spec.flag, { type: 'string' as const }]] : []))),
}

export function parseInvocation(argv: string[]): Invocation {
  const first = argv.find((arg) => !arg.startsWith('-'))
  const command = commands.find((known) => known.name === first)
  const options: ParseOptions = { ...globalOptions, ...Object.fromEntries(Object.entries(command?.options ?? {}).map(([name, o]) => [name, { type: o.type, ...(o.multiple === true && { multiple: true }) }])) }

  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  } catch (error) {
    return { kind: 'usage-error', message: (error as Error).message }
  }
  if (parsed.values.help === true) return { kind: 'help' }
  if (parsed.values.version === true) return { kind: 'version' }

  const [name, ...args] = parsed.positionals
  if (name === undefined) return { kind: 'usage-error', message: 'no command given' }
  if (command === undefined) return { kind: 'usage-error', message: `unknown command '${name}'` }
  if (args.length < command.positionals.min) return { kind: 'usage-error', message: `missing argument: ${command.usage}` }
  if (args.length > command.positionals.max) return { kind: 'usage-error', message: `unexpected argument '${args[command.positionals.max]}'` }

  const settingFlags: Record<string, string> = {}
  const flags: Record<string, string | boolean> = {}
  const lists: Record<string, string[]> = {}
  for (const [key, value] of Object.entries(parsed.values)) {
    if (Array.isArray(value)) lists[key] = value.map(String)
    if (value === undefined || Array.isArray(value)) continue
    flags[key] = value
    if (typeof value === 'string' && key in globalOptions) settingFlags[key] = value
  }
  return { kind: 'command', command, settingFlags, flags, lists, args }
}
