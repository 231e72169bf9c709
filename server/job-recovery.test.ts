import { describe, expect, it } from 'vitest'
import { planRecovery } from './job-recovery.ts'

const run = (id: number, job: string, current?: string, trigger = 'manual') => ({ id, job, trigger, progress: current === undefined ? null : { done: 0, total: 1, rows: 0, elapsedMs: 0, current } })

describe('recovery of interrupted runs', () => {
  it('runs MES ingestion, the KPI rebuild and the simulator again at once', () => {
    const plan = planRecovery([run(3, 'mes-ingest'), run(4, 'kpi-rebuild'), run(5, 'plant-simulator'), run(6, 'mes-ingest')], { simulator: true })
    expect(plan.redo).toEqual(['mes-ingest', 'kpi-rebuild', 'plant-simulator'])
    expect(plan.notes[0]).toEqual({ runId: 3, job: 'mes-ingest', message: expect.stringMatching(/^mes-ingest run 3 was interrupted by the last stop: .*runs again now/) })
  })

  it('says what the operator must do for runs it does not redo', () => {
    const plan = planRecovery([run(7, 'rebuild', 'mes.orders'), run(8, 'compact'), run(9, 'vacuum'), run(10, 'plant-simulator'), run(11, 'something-new'), run(12, 'mes-ingest', undefined, 'cli')], { simulator: false })
    expect(plan.redo).toEqual([])
    const messages = plan.notes.map((note) => note.message)
    expect(messages[0]).toContain('run `cockpit rebuild mes.orders` again')
    expect(messages[1]).toContain('run `cockpit compact` now')
    expect(messages[2]).toContain('run `cockpit vacuum` now')
    expect(messages[3]).toContain('COCKPIT_SIMULATOR=false')
    expect(messages[4]).toContain('POST /api/jobs/something-new/run')
    // A command-line ingestion may have read another source: its operator runs it again.
    expect(messages[5]).toContain('run the same command again for the rest')
  })
})
