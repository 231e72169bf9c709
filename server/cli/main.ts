/**
 * The `cockpit` command. Exit status: 0 success, 1 a failure at run time (port in use,
 * unreachable Kafka or S3, unwritable data dir), 2 a usage or configuration error.
 */
import { isConfigError } from '../config/index.ts'
import { StartupError } from '../startup-error.ts'
import { version } from '../version.ts'
import { parseInvocation } from './args.ts'
import { usage } from './usage.ts'

export interface CliIo {
  env: NodeJS.ProcessEnv
  stdout: (text: string) => void
  stderr: (text: string) => void
}

const defaultIo: CliIo = {
  env: process.env,
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
}

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
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
      return runCommand(invocation.command, invocation.flags, io)
  }
}

async function runCommand(command: string, flags: Record<string, string>, io: CliIo): Promise<number> {
  try {
    if (command === 'start') {
      // Loaded on demand: --help and --version should not pay for DuckDB, Kafka and S3 clients.
      const { runStart } = await import('./start-command.ts')
      return await runStart({ env: io.env, flags })
    }
    io.stderr(`cockpit: command '${command}' is not implemented`)
    return 2
  } catch (error) {
    if (isConfigError(error)) {
      io.stderr(`cockpit: ${error.message}`)
      return 2
    }
    if (error instanceof StartupError) {
      io.stderr(`cockpit: ${error.message}`)
      return 1
    }
    throw error
  }
}
