/** The logging jobs need, satisfied by the server's pino logger and by a silent one in tests. */
export interface JobLogger {
  info(fields: object, message?: string): void
  warn(fields: object, message?: string): void
  error(fields: object, message?: string): void
}

export const silentLogger: JobLogger = { info: () => {}, warn: () => {}, error: () => {} }
