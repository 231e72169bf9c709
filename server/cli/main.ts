/**
 * The `cockpit` command. Exit status: 0 success, 1 a failure at run time (port in use,
 * unreachable Kafka or S3, unwritable data dir, a failed job or query), 2 a usage or
 * configuration error.
 */
// Straight to the light modules of config/: its index also loads the zod schema, which only a
// command that reads its settings needs (`--help` and `--version` start in a fraction of the time).
import { isConfigError } from '../config/errors.ts'
import type { Settings } from '../config/index.ts'
import { StartupError } from '../startup-error.ts'
import { version } from '../version.ts'
import { parseInvocation } from './args.ts'
import type { CommandIo } from './command.ts'
import { usage } from './usage.ts'
import { UsageError } from './usage-error.ts'

const defaultIo: CommandIo = {
  env: process.env,
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(text.startsWith('\r') ? text : `${text}\n`),
  interactive: process.stderr.isTTY === true,
}

export async function main(argv: string[], io: CommandIo = defaultIo): Promise<number> {
  const invocation = parseInvocation(argv)
  switch (invocation.kind) {
    case 'help':
      io.stdout(usage())
      return 0
    case 'version':
      io.stdout(version)
      return 0
    case 'usage-error':
      io.stderr(`cockpit: ${invocation.message}\n\n${usage()}`)
      return 2
    case 'command':
      break
  }
  const { loadSettings } = await import('../config/load.ts')
  let settings: Settings | undefined
  const context = {
    io,
    flags: invocation.flags,
    lists: invocation.lists,
    args: invocation.args,
    settings: () => (settings ??= loadSettings(io.env, invocation.settingFlags)),
  }
  try {
    return await invocation.command.run(context)
  } catch (error) {
    if (isConfigError(error)) {
      io.stderr(`cockpit: ${error.message}`)
      return 2
    }
    if (error instanceof UsageError) {
      io.stderr(`cockpit: ${error.message}\n\n${usage()}`)
      return 2
    }
    if (error instanceof StartupError) {
      io.stderr(`cockpit: ${error.message}`)
      return 1
    }
    // Any other failure (a missing file, an unreadable catalog, a lost worker) is still one line
    // naming the command and the cause; the stack is for developers who ask for debug logs.
    io.stderr(`cockpit: ${invocation.command.name} failed: ${error instanceof Error ? error.message : String(error)}`)
    if (wantsStack(invocation.flags, io.env)) io.stderr(error instanceof Error ? (error.stack ?? '') : '')
    return 1
  }
}

function wantsStack(flags: Record<string, string | boolean>, env: NodeJS.ProcessEnv): boolean {
  const level = flags['log-level'] ?? env.COCKPIT_LOG_LEVEL
  return level === 'debug' || level === 'trace'
}
