import { describe, expect, it } from 'vitest'
import type { JobRun } from '../../../server/index.ts'
import { runCounts } from './run-counts.ts'

const en = ['en-GB']
const run = (job: string, summary: Record<string, unknown> | null, progress: JobRun['progress'] = null) => ({ job, summary, progress })

describe('the counts of a job run', () => {
  it('shows what MES ingestion did', () => {
    const summary = { objects: { listed: 33, ingested: 28, skipped: 4, quarantined: 1 }, rows: { accepted: 123456, quarantined: 37 } }
    expect(runCounts(run('mes-ingest', summary), en)).toBe('28 ingested · 4 skipped · 1 file quarantined · 123,456 rows · 37 rows quarantined')
    expect(runCounts(run('mes-ingest', { ...summary, objects: { ...summary.objects, quarantined: 0 } }), en)).toContain('· 0 files quarantined ·')
  })

  it('shows what the plant simulator wrote, or that no day was missing', () => {
    expect(runCounts(run('plant-simulator', { daysWritten: 2, from: '2026-11-29', to: '2026-11-30', daysPresent: 5, files: 8, rows: 10412 }), en)).toBe('2 days written (2026-11-29 – 2026-11-30) · 8 files · 10,412 rows')
    expect(runCounts(run('plant-simulator', { daysWritten: 1, from: '2026-11-30', to: '2026-11-30', daysPresent: 6, files: 4, rows: 5206 }), en)).toBe('1 day written (2026-11-30) · 4 files · 5,206 rows')
    expect(runCounts(run('plant-simulator', { daysWritten: 0, daysPresent: 7, files: 0, rows: 0 }), en)).toBe('no day missing · 7 days present')
  })

  it('shows compaction, vacuum and KPI rebuild counts from their summaries', () => {
    const compact = { tables: [{ table: 'mes.orders', before: 7, after: 1 }, { table: 'mes.machine_states', before: 7, after: 1 }, { table: 'kpi.machine_daily', before: 1, after: 1 }] }
    expect(runCounts(run('compact', compact), en)).toBe('3 tables · 15 → 3 files · 2 tables compacted')
    expect(runCounts(run('vacuum', { deleted: ['a.parquet', 'b.parquet'], kept: 1 }), en)).toBe('2 files deleted · 1 unregistered file kept (too recent)')
    expect(runCounts(run('vacuum', { deleted: [], kept: 0 }), en)).toBe('0 files deleted · 0 unregistered files kept (too recent)')
    expect(runCounts(run('kpi-rebuild', { days: 7, from: '2026-11-26', to: '2026-12-02', durationMs: 812 }), en)).toBe('7 KPI days (2026-11-26 – 2026-12-02)')
    expect(runCounts(run('kpi-rebuild', { days: 0, durationMs: 3 }), en)).toBe('0 KPI days')
  })

  it('shows what a rebuild re-derived', () => {
    const dataset = { kind: 'dataset', dataset: 'production_counts', snapshotId: 9, objects: 7, rowsAccepted: 40320, rowsQuarantined: 12, rejectsKept: 0, kpiDays: ['2026-11-30', '2026-12-01'] }
    expect(runCounts(run('rebuild', dataset), en)).toBe('production_counts: 7 objects · 40,320 rows · 12 rows quarantined · 2 KPI days')
    expect(runCounts(run('rebuild', { kind: 'kpi', kpiDays: ['2026-11-30'] }), en)).toBe('1 KPI day (2026-11-30)')
  })

  it('shows the progress of a running run in its job’s unit', () => {
    expect(runCounts(run('plant-simulator', null, { done: 1, total: 3, rows: 5206, elapsedMs: 900, current: '2026-11-30' }), en)).toBe('1/3 days · 5,206 rows · 2026-11-30')
    expect(runCounts(run('mes-ingest', null, { done: 12, total: 33, rows: 1234567, elapsedMs: 900 }), en)).toBe('12/33 objects · 1,234,567 rows')
  })

  it('writes numbers in the reader’s locale', () => {
    expect(runCounts(run('vacuum', { deleted: Array.from({ length: 1200 }, (_, i) => `${i}`), kept: 0 }), ['de-DE'])).toBe('1.200 files deleted · 0 unregistered files kept (too recent)')
  })

  it('shows nothing for a run with neither summary nor progress, or a summary it does not know', () => {
    expect(runCounts(run('compact', null), en)).toBe('')
    expect(runCounts(run('some-future-job', { whatever: 1 }), en)).toBe('')
  })
})
