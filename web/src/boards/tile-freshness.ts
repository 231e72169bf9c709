/**
 * How old a tile's data is and whether to say so (UI.md: every tile shows its age; data older
 * than its refresh is stale, said in words and greyed; a source that stopped updating says
 * so). Two clocks: `computedAt`, when the server ran the tile, and `sourceUpdatedAt`, the last
 * catalog commit to a table it reads. A tile without an interval re-runs on commits, so its
 * run may be old while its data is current: only a missed interval makes it stale.
 */

/** A source not committed to for this long has stopped: the embedded plant ingests hourly, sensors every few seconds. */
export const SOURCE_SILENT_AFTER_MS = 2 * 3_600_000

export type TileFreshness =
  | { state: 'fresh'; ageMs: number }
  /** The tile missed its refresh: the numbers shown are older than promised. */
  | { state: 'stale'; ageMs: number; dueMs: number }
  /** The tables it reads have not been written to for a long time. */
  | { state: 'source-silent'; ageMs: number; silentMs: number }
  /** Viewed as of an earlier snapshot on purpose: age is not a fault. */
  | { state: 'as-of'; ageMs: number }

export interface FreshnessInput {
  computedAt: string
  sourceUpdatedAt: string | null
  refreshSeconds?: number
  asOf: boolean
  now: number
  sourceSilentAfterMs?: number
}

export function tileFreshness(input: FreshnessInput): TileFreshness {
  const ageMs = Math.max(0, input.now - Date.parse(input.computedAt))
  if (input.asOf) return { state: 'as-of', ageMs }
  // One missed refresh is a slow run; two is a tile that stopped refreshing.
  if (input.refreshSeconds !== undefined && ageMs > 2 * input.refreshSeconds * 1000) return { state: 'stale', ageMs, dueMs: input.refreshSeconds * 1000 }
  if (input.sourceUpdatedAt !== null) {
    const silentMs = input.now - Date.parse(input.sourceUpdatedAt)
    if (silentMs > (input.sourceSilentAfterMs ?? SOURCE_SILENT_AFTER_MS)) return { state: 'source-silent', ageMs, silentMs }
  }
  return { state: 'fresh', ageMs }
}
