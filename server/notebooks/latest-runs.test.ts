import { describe, expect, it } from 'vitest'
import { LatestRuns } from './latest-runs.ts'

describe('the newest run of a notebook wins', () => {
  it('cancels the same user’s run of the same notebook, and nothing else', () => {
    const runs = new LatestRuns()
    const first = runs.begin('ana/1')
    const other = runs.begin('bob/1')
    const second = runs.begin('ana/1')
    expect(first.signal.aborted).toBe(true)
    expect(first.superseded()).toBe(true)
    expect(second.signal.aborted).toBe(false)
    expect(other.signal.aborted).toBe(false)
    // The replaced run ending does not forget the newer one.
    first.end()
    expect(runs.size).toBe(2)
    second.end()
    other.end()
    expect(runs.size).toBe(0)
  })

  it('aborts with the request’s own signal, without counting as superseded', () => {
    const request = new AbortController()
    const run = new LatestRuns().begin('ana/1', request.signal)
    request.abort()
    expect(run.signal.aborted).toBe(true)
    expect(run.superseded()).toBe(false)
  })
})
