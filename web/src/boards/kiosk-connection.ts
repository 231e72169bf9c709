/**
 * A kiosk screen's connection as a pure state machine: the TV checks its link every so often;
 * an answer means connected, no answer (network loss, server restart) means reconnecting, and
 * a refusal (revoked, expired, unknown token) ends the kiosk for good. Coming back after a loss
 * is its own state for a while, so the screen can say so and re-run its tiles.
 */
export type KioskConnection =
  | { state: 'connecting' }
  | { state: 'connected' }
  | { state: 'reconnecting'; since: number }
  | { state: 'back'; at: number; lostSince: number }
  | { state: 'refused'; message: string }

/** What a check of the link answered: ok, unreachable (status 0 or a 5xx), or refused (any 4xx). */
export type KioskCheck = { ok: true } | { ok: false; status: number; message: string }

export const BACK_NOTICE_MS = 15_000

export function nextConnection(current: KioskConnection, check: KioskCheck, now: number): KioskConnection {
  if (current.state === 'refused') return current
  if (!check.ok) {
    if (check.status >= 400 && check.status < 500) return { state: 'refused', message: check.message }
    return current.state === 'reconnecting' ? current : { state: 'reconnecting', since: now }
  }
  if (current.state === 'reconnecting') return { state: 'back', at: now, lostSince: current.since }
  if (current.state === 'back' && now - current.at < BACK_NOTICE_MS) return current
  return { state: 'connected' }
}

/** How long to wait before the next check: quickly while reconnecting, calmly while connected. */
export function checkDelayMs(connection: KioskConnection): number {
  return connection.state === 'reconnecting' ? 3_000 : 20_000
}

/** The board shown at a moment of the rotation (boards change every `rotateSeconds`). */
export function rotationIndex(boards: number, rotateSeconds: number, startedAt: number, now: number): number {
  if (boards <= 1) return 0
  return Math.floor(Math.max(0, now - startedAt) / (rotateSeconds * 1000)) % boards
}
