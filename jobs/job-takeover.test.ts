import { describe, expect, it } from 'vitest'
import { leaselessRuns } from './job-takeover.ts'

const now = Date.parse('2026-12-03T12:00:00Z')
const run = (job: string, trigger: string, startedSecondsAgo: number) => ({ job, trigger, started_at: new Date(now - startedSecondsAgo * 1000).toISOString() })

describe('leaselessRuns', () => {
  it('finds a leased run whose job lease has run out', () => {
    const orphan = run('mes-ingest', 'schedule', 120)
    expect(leaselessRuns([orphan], [{ job: 'mes-ingest', expires_at: now - 1 }], now)).toEqual([orphan])
  })

  it('finds a run whose job has no lease at all (released by a holder that finished but never marked its run)', () => {
    const orphan = run('kpi-rebuild', 'start', 60)
    expect(leaselessRuns([orphan], [], now)).toEqual([orphan])
  })

  it('leaves runs whose lease is alive, command-line runs (they hold none) and runs just started', () => {
    const live = run('mes-ingest', 'manual', 120)
    const cli = run('kpi-rebuild', 'cli', 600)
    const young = run('compact', 'schedule', 2)
    expect(leaselessRuns([live, cli, young], [{ job: 'mes-ingest', expires_at: now + 5_000 }], now)).toEqual([])
  })
})
