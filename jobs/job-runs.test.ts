import { spawnSync } from 'node:child_process'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { currentProcess } from '../catalog/index.ts'
import type { AppDb } from '../db/index.ts'
import { appDatabases } from '../test/harness/app-databases.ts'
import { failAbandonedRuns, listRuns, startRun } from './job-runs.ts'

describe.each(appDatabases)('job runs on $name', (database) => {
  let db: AppDb
  beforeEach(async () => {
    db = await database.open()
  })
  afterEach(() => db.destroy())

  /** A run as another process would have recorded it. */
  async function runOf(job: string, owner: object | null, startedAt = new Date()): Promise<number> {
    const id = await startRun(db, job, 'manual', startedAt)
    await db.updateTable('job_runs').set({ owner: owner === null ? null : JSON.stringify(owner) }).where('id', '=', id).execute()
    return id
  }

  describe('abandoned runs', () => {
    it('are the runs of processes that are gone; a live process’s run, here or sharing the data dir, is left running', async () => {
      const dead = spawnSync(process.execPath, ['-e', '']).pid!
      const live = await startRun(db, 'mes-ingest', 'cli', new Date())
      const ofDead = await runOf('mes-ingest', { ...currentProcess(), pid: dead })
      const legacy = await runOf('compact', null)
      const now = new Date()
      const failed = await failAbandonedRuns(db, now)
      expect(failed.map((run) => [run.id, run.status, run.error])).toEqual([
        [ofDead, 'failed', 'abandoned: the process stopped during the run'],
        [legacy, 'failed', 'abandoned: the process stopped during the run'],
      ])
      expect((await listRuns(db)).find((run) => run.id === live)?.status).toBe('running')
    })

    it('of a process this one cannot check (another host) count only after a day', async () => {
      const foreign = { ...currentProcess(), host: 'other-host' }
      const recent = await runOf('mes-ingest', foreign, new Date(Date.now() - 3_600_000))
      const old = await runOf('mes-ingest', foreign, new Date(Date.now() - 25 * 3_600_000))
      expect((await failAbandonedRuns(db, new Date())).map((run) => run.id)).toEqual([old])
      expect((await listRuns(db)).find((run) => run.id === recent)?.status).toBe('running')
    })
  })
})
