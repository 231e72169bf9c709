/** kafkajs's log lines into the job logger: errors as errors, the rest (WARN and up) as warnings. */
import { logLevel } from 'kafkajs'
import type { JobLogger } from '../../../job-logger.ts'

export function kafkaLog(logger: JobLogger) {
  return () =>
    ({ level, log }: { level: number; log: { message: string } & Record<string, unknown> }) => {
      const { message, ...fields } = log
      if (level <= logLevel.ERROR) logger.error({ kafka: fields }, `kafka: ${message}`)
      else logger.warn({ kafka: fields }, `kafka: ${message}`)
    }
}
