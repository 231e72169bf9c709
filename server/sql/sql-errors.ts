/** Errors of the SQL service, as values the CLI and the API turn into one clear message. */

export type SqlErrorKind = 'not-read-only' | 'invalid' | 'timeout' | 'failed'

export class SqlError extends Error {
  override readonly name = 'SqlError'
  constructor(
    readonly kind: SqlErrorKind,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}
