/**
 * Structured JSON logs (pino) for machines; readable lines when a person watches a terminal.
 */
import { pino, type Logger } from 'pino'
import type { LogLevel } from './config/index.ts'

export type { Logger }

export interface LoggerOptions {
  level: LogLevel
  /** Pretty output; defaults to whether stdout is a terminal. */
  pretty?: boolean
}

export function createLogger(options: LoggerOptions): Logger {
  const pretty = options.pretty ?? process.stdout.isTTY === true
  if (!pretty) return pino({ level: options.level, base: { service: 'plant-cockpit' } })
  return pino({
    level: options.level,
    transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } },
  })
}
