/**
 * Structured JSON logs (pino) for machines; readable lines when a person watches a terminal.
 */
import { pino, type Logger } from 'pino'
import type { LogLevel } from './config/index.ts'

export type { Logger }

export interface LoggerOptions {
  level: LogLevel
  /** Pretty output; defaults to whether the destination is a terminal. */
  pretty?: boolean
  /** File descriptor to write to: 1 (stdout, the server's default) or 2 (stderr, for CLI commands). */
  destination?: 1 | 2
}

export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? 1
  const pretty = options.pretty ?? (destination === 1 ? process.stdout : process.stderr).isTTY === true
  if (!pretty) return pino({ level: options.level, base: { service: 'plant-cockpit' } }, pino.destination({ dest: destination, sync: true }))
  return pino({
    level: options.level,
    transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', destination } },
  })
}
