/**
 * `cockpit start`: serve until SIGINT or SIGTERM, then shut down gracefully — stop accepting,
 * drain, close consumers and databases — and exit 0 well within 10 seconds.
 */
import { createLogger } from '../../logger.ts'
import { startCockpit } from '../../start.ts'
import { ensureWebBuild } from '../../web-build.ts'
import type { CommandContext } from '../command.ts'

/** Past this, a shutdown that has not finished is abandoned with exit status 1. */
const SHUTDOWN_DEADLINE_MS = 9_000

export async function runStartCommand(context: CommandContext): Promise<number> {
  const settings = context.settings()
  const logger = createLogger({ level: settings.logLevel })
  // Listen before the (possibly slow) first build, so a Ctrl-C during start-up still shuts down cleanly.
  // `on`, not `once`: under `npm start` a Ctrl-C reaches the server twice (from the terminal and
  // forwarded by npm), and a second signal without a listener would kill it mid-drain.
  let firstSignal: NodeJS.Signals | undefined
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      if (firstSignal === undefined) resolve((firstSignal = signal))
      else logger.info({ signal }, 'already shutting down')
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
  const webRoot = context.io.env.COCKPIT_SERVE_WEB === 'false' ? undefined : await ensureWebBuild(logger)
  const cockpit = await startCockpit({ settings, logger, webRoot })

  const signal = await stopRequested
  logger.info({ signal }, 'shutting down')
  const deadline = setTimeout(() => {
    logger.error('shutdown did not finish in time; exiting')
    process.exit(1)
  }, SHUTDOWN_DEADLINE_MS)
  deadline.unref()
  await cockpit.close()
  clearTimeout(deadline)
  logger.info('stopped')
  logger.flush()
  return 0
}
