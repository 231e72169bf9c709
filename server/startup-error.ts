/** A failure to start (port in use, unwritable data dir, unreachable Kafka or S3): exit status 1, one clear line. */
export class StartupError extends Error {
  override readonly name = 'StartupError'
}
