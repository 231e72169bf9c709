/**
 * The event time the engine's clock ticks carry (for stale rules). Normally the wall clock; but
 * while the stream delivers the past — readings arrived since the last tick and the newest of
 * them is older than `LAG_MS` — the newest reading's time: after a restart a Kafka consumer
 * catches up on what was produced meanwhile, and ticking at the wall clock would take every
 * sensor for silent until its backlog is read. A stream that delivers nothing ticks at the wall
 * clock, so a sensor that really went quiet still turns stale after the rule's `after`.
 */

/** A stream whose newest reading is this much older than the wall clock is delivering the past. */
export const LAG_MS = 5_000

export function tickTime(now: number, arrivedSinceLastTick: boolean, newestReading: number): number {
  return arrivedSinceLastTick && newestReading < now - LAG_MS ? newestReading : now
}
