/** Parses the command line strictly: an unknown command or flag is a usage error. */
import { parseArgs } from 'node:util'
import { optionSpecs } from '../config/index.ts'
import { commands } from './usage.ts'

export type Invocation =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'command'; command: string; flags: Record<string, string> }
  | { kind: 'usage-error'; message: string }

export function parseInvocation(argv: string[]): Invocation {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'v' },
  }
  for (const spec of optionSpecs) if ('flag' in spec) options[spec.flag] = { type: 'string' }

  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  } catch (error) {
    return { kind: 'usage-error', message: (error as Error).message }
  }
  if (parsed.values.help === true) return { kind: 'help' }
  if (parsed.values.version === true) return { kind: 'version' }

  const [command, ...extra] = parsed.positionals
  if (command === undefined) return { kind: 'usage-error', message: 'no command given' }
  if (!commands.some((known) => known.name === command)) return { kind: 'usage-error', message: `unknown command '${command}'` }
  if (extra.length > 0) return { kind: 'usage-error', message: `unexpected argument '${extra[0]}'` }

  const flags: Record<string, string> = {}
  for (const [name, value] of Object.entries(parsed.values)) if (typeof value === 'string') flags[name] = value
  return { kind: 'command', command, flags }
}
