/** A command used wrongly (bad option value, missing argument): usage on stderr, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}
