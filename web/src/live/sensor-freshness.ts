/**
 * Whether a sensor still sends. The embedded replay sends two readings a second and plant
 * sensors typically one every few seconds, so a sensor whose newest reading is older than
 * STALE_AFTER_MS has stopped (or its gateway has). Compared on event time against the browser's
 * clock: plant machines and screens are NTP-synchronised, and a reading that arrives long after
 * its time is worth flagging too.
 */

export const STALE_AFTER_MS = 15_000

export type Freshness = { state: 'fresh' } | { state: 'stale'; since: number; ageMs: number }

export function freshness(latestTs: number | undefined, now: number, staleAfterMs = STALE_AFTER_MS): Freshness {
  if (latestTs === undefined) return { state: 'fresh' }
  const ageMs = now - latestTs
  return ageMs > staleAfterMs ? { state: 'stale', since: latestTs, ageMs } : { state: 'fresh' }
}
