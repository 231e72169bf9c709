/**
 * The `cockpit` command. Exit status: 0 success, 1 a failure at run time (port in use,
 * unreachable Kafka or S3, unwritable data dir, a failed job or query), 2 a usage or
 * configuration error.
 */
import { isConfigError, loadSettings, type Settings } from '../config/index.ts'
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
  let settings: Settings | undefined
  const context = {
    io,
    flags: invocation.flags,
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
    throw error
  }
}
