/** Opens the runtime for a one-shot CLI command (no server engine), logs to stderr, and closes it. */
import { createLogger, type Logger } from '../logger.ts'
import { openRuntime, type Runtime } from '../runtime.ts'
import type { CommandContext } from './command.ts'

export async function withRuntime<T>(context: CommandContext, use: (runtime: Runtime, logger: Logger) => Promise<T>): Promise<T> {
  const settings = context.settings()
  // One-shot commands print their results on stdout; their logs go to stderr, quieter by default.
  const level = context.flags['log-level'] === undefined && context.io.env.COCKPIT_LOG_LEVEL === undefined ? 'warn' : settings.logLevel
  const logger = createLogger({ level, destination: 2 })
  const runtime = await openRuntime(settings, logger, { engine: false })
  try {
    return await use(runtime, logger)
  } finally {
    await runtime.close()
  }
}
