/** Errors of the configuration layer; the CLI turns them into exit status 2. */

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError
}
