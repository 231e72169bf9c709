/**
 * A tiny seeded pseudo-random generator (mulberry32) for the plant simulator. Same seed, same
 * sequence, on every machine and Node version — the simulator's output is a pure function of
 * its seed, so tests and demo data are reproducible. Not for anything security-related.
 */

export interface Random {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number
  /** A float in [min, max). */
  float(min: number, max: number): number
  /** True with probability p. */
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  return {
    next,
    int,
    float: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick from an empty list')
      return items[int(0, items.length - 1)] as T
    },
  }
}

/**
 * A seed for one named stream (e.g. a machine on a day), mixed from the base seed with FNV-1a.
 * Separate streams keep one machine's day unchanged when the machine count or another
 * dataset's draws change.
 */
export function deriveSeed(seed: number, ...parts: string[]): number {
  let hash = (0x811c9dc5 ^ (seed >>> 0)) >>> 0
  for (const char of parts.join('\u0000')) {
    hash ^= char.codePointAt(0) ?? 0
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}
