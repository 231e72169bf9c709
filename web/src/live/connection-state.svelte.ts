/**
 * A sensor stream's connection as its banner shows it (ConnectionBanner): the status, when the
 * connection was lost, and for ten seconds after it came back, when — so a reader knows that
 * readings in between are missing from the lines, not flat.
 */
import type { StreamStatus } from './sensor-stream.ts'

const BACK_NOTICE_MS = 10_000

export class ConnectionState {
  status: StreamStatus = $state('connecting')
  lostAt: number | undefined = $state()
  backAt: number | undefined = $state()

  /** The stream's status callback. */
  update = (next: StreamStatus): void => {
    if (next === 'reconnecting' && this.status !== 'reconnecting') this.lostAt = Date.now()
    if (next === 'live' && (this.status === 'reconnecting' || this.status === 'closed')) {
      const backAt = (this.backAt = Date.now())
      setTimeout(() => this.backAt === backAt && (this.backAt = undefined), BACK_NOTICE_MS)
    }
    this.status = next
  }
}
