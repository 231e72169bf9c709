import { describe, expect, it } from 'vitest'
import { tileFreshness } from './tile-freshness.ts'

const now = Date.parse('2026-12-03T12:00:00Z')
const ago = (ms: number) => new Date(now - ms).toISOString()

describe('tile freshness', () => {
  it('is fresh while the tile keeps its interval and its source writes', () => {
    expect(tileFreshness({ computedAt: ago(20_000), sourceUpdatedAt: ago(60_000), refreshSeconds: 30, asOf: false, now })).toEqual({ state: 'fresh', ageMs: 20_000 })
  })

  it('is stale after two missed intervals', () => {
    expect(tileFreshness({ computedAt: ago(61_000), sourceUpdatedAt: ago(60_000), refreshSeconds: 30, asOf: false, now })).toEqual({ state: 'stale', ageMs: 61_000, dueMs: 30_000 })
  })

  it('does not call an old run stale when the tile only refreshes on commits', () => {
    expect(tileFreshness({ computedAt: ago(3_600_000), sourceUpdatedAt: ago(3_600_000), asOf: false, now }).state).toBe('fresh')
  })

  it('says when the source stopped updating', () => {
    expect(tileFreshness({ computedAt: ago(1_000), sourceUpdatedAt: ago(3 * 3_600_000), asOf: false, now })).toEqual({ state: 'source-silent', ageMs: 1_000, silentMs: 3 * 3_600_000 })
    expect(tileFreshness({ computedAt: ago(1_000), sourceUpdatedAt: ago(90_000), asOf: false, now, sourceSilentAfterMs: 60_000 }).state).toBe('source-silent')
    expect(tileFreshness({ computedAt: ago(1_000), sourceUpdatedAt: null, asOf: false, now }).state).toBe('fresh')
  })

  it('never calls a deliberate as-of view stale', () => {
    expect(tileFreshness({ computedAt: ago(86_400_000), sourceUpdatedAt: ago(86_400_000), refreshSeconds: 5, asOf: true, now }).state).toBe('as-of')
  })
})
