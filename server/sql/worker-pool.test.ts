import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SqlBusyError, SqlError } from './sql-errors.ts'
import { WORKER_NICENESS, workerCommand } from './worker-launch.ts'
import { WorkerPool, type PoolRequest } from './worker-pool.ts'
import { isAlive } from '../../test/harness/process-alive.ts'

let dir: string
let catalogDir: string
let writable: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cockpit-sql-pool-'))
  catalogDir = join(dir, 'catalog')
  writable = join(dir, 'writable')
  mkdirSync(catalogDir)
  mkdirSync(writable)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function request(overrides: Partial<PoolRequest> = {}): PoolRequest {
  return {
    views: [],
    sql: 'SELECT 42 AS answer',
    format: 'json',
    limit: 100,
    timeoutMs: 10_000,
    limits: { plantTz: 'UTC', tempDir: join(dir, 'tmp'), allowedDirs: [catalogDir], memoryLimit: '256MB', threads: 1, maxTempDirectorySize: '1GB' },
    ...overrides,
  }
}

const CROSS_JOIN = 'SELECT count(*) FROM range(1000000000) a CROSS JOIN range(1000000000) b'

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (condition()) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`gave up waiting: ${what}`)
}

async function failure(promise: Promise<unknown>): Promise<SqlError> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(SqlError)
  return error as SqlError
}

describe('the sandbox workers', { timeout: 60_000 }, () => {
  it('see the catalog folder read-only: even a COPY that gets past every DuckDB check cannot write there', async () => {
    const pool = new WorkerPool({ size: 1, command: workerCommand('namespace', [catalogDir]), graceMs: 2_000, maxQueue: 4 })
    try {
      // The server's own view statements run before the lockdown, with file access still on:
      // only the read-only mount stands between this COPY and the catalog.
      const error = await failure(pool.run(request({ views: [`COPY (SELECT 1 AS x) TO '${catalogDir}/planted.csv'`] })))
      expect(error.message).toMatch(/Read-only file system/)
      expect(readdirSync(catalogDir)).toEqual([])
      // The same COPY into a folder that is not mounted read-only succeeds: the mount is what stopped it.
      await pool.run(request({ views: [`COPY (SELECT 1 AS x) TO '${writable}/control.csv'`] }))
      expect(existsSync(join(writable, 'control.csv'))).toBe(true)
    } finally {
      await pool.close()
    }
  })

  it('run every thread at the lowest CPU priority, so that user SQL yields to ingestion', async () => {
    const pool = new WorkerPool({ size: 1, command: workerCommand('namespace', [catalogDir]), graceMs: 2_000, maxQueue: 4 })
    try {
      await pool.run(request())
      const [pid] = pool.pids()
      const niceness = readdirSync(`/proc/${pid}/task`).map((task) => {
        const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8')
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])
      })
      expect(niceness.length).toBeGreaterThan(1)
      expect(new Set(niceness)).toEqual(new Set([WORKER_NICENESS]))
    } finally {
      await pool.close()
    }
  })

  it('kills a worker that does not stop at the time limit, and replaces it', async () => {
    const pool = new WorkerPool({ size: 1, command: workerCommand('namespace', [catalogDir]), graceMs: 500, maxQueue: 4 })
    try {
      await pool.run(request())
      const [stuck] = pool.pids()
      // A stopped process cannot even receive the interrupt: only SIGKILL ends it.
      process.kill(stuck!, 'SIGSTOP')
      const error = await failure(pool.run(request({ timeoutMs: 300 })))
      expect(error.code).toBe('timeout')
      expect(error.message).toMatch(/did not stop when interrupted; its worker was killed/)
      expect(isAlive(stuck!)).toBe(false)
      expect(await pool.run(request())).toMatchObject({ rows: [[42]] })
      expect(pool.pids()).not.toContain(stuck)
    } finally {
      await pool.close()
    }
  })

  it('replaces a worker that dies mid-query and says so', async () => {
    const pool = new WorkerPool({ size: 1, command: workerCommand('namespace', [catalogDir]), graceMs: 500, maxQueue: 4 })
    try {
      await pool.run(request())
      const [victim] = pool.pids()
      const running = pool.run(request({ sql: 'SELECT count(*) FROM range(100000000) a CROSS JOIN range(100000000) b' }))
      process.kill(victim!, 'SIGKILL')
      const error = await failure(running)
      expect([error.code, error.message]).toEqual(['query_failed', 'the sandbox worker running this query died (signal SIGKILL), probably out of memory; it was replaced'])
      expect(await pool.run(request())).toMatchObject({ rows: [[42]] })
    } finally {
      await pool.close()
    }
  })

  it('also run without a namespace when COCKPIT_SQL_ISOLATION=process is chosen, where the catalog is not protected by a mount', async () => {
    const pool = new WorkerPool({ size: 1, command: workerCommand('process', [catalogDir]), graceMs: 2_000, maxQueue: 4 })
    const plain = join(dir, 'plain-catalog')
    mkdirSync(plain)
    try {
      expect(await pool.run(request())).toMatchObject({ rows: [[42]] })
      // What the weaker mode gives up: only DuckDB's own checks stand before the catalog.
      await pool.run(request({ views: [`COPY (SELECT 1 AS x) TO '${plain}/written.csv'`] }))
      expect(existsSync(join(plain, 'written.csv'))).toBe(true)
    } finally {
      await pool.close()
    }
  })

  it('answers sandbox_unavailable with the cause when a worker cannot start', async () => {
    const pool = new WorkerPool({ size: 1, command: { command: 'sh', args: ['-c', 'echo "unshare: unshare failed: Operation not permitted" >&2; exit 1'] }, graceMs: 500, maxQueue: 4 })
    try {
      const error = await failure(pool.run(request()))
      expect(error.code).toBe('sandbox_unavailable')
      expect(error.message).toMatch(/^the SQL sandbox could not start its worker: unshare: unshare failed: Operation not permitted\. .*COCKPIT_SQL_ISOLATION=process/)
    } finally {
      await pool.close()
    }
  })

  it('leaves no worker process behind when closed', async () => {
    const pool = new WorkerPool({ size: 2, command: workerCommand('namespace', [catalogDir]), graceMs: 500, maxQueue: 4 })
    await Promise.all([pool.run(request()), pool.run(request())])
    const pids = pool.pids()
    expect(pids).toHaveLength(2)
    const busy = pool.run(request({ sql: 'SELECT count(*) FROM range(100000000) a CROSS JOIN range(100000000) b' })).catch((e: unknown) => e)
    await pool.close()
    expect(pids.filter(isAlive)).toEqual([])
    expect(await busy).toBeInstanceOf(SqlError)
  })

  it('stops a running query at once when its client goes away, and the same worker answers the next', async () => {
    const pool = new WorkerPool({ size: 1, command: workerCommand('namespace', [catalogDir]), graceMs: 2_000, maxQueue: 4 })
    try {
      await pool.run(request())
      const [worker] = pool.pids()
      const client = new AbortController()
      // The time limit is far away: only the cancel can end this query.
      const abandoned = failure(pool.run(request({ sql: CROSS_JOIN, timeoutMs: 600_000 }), { user: 'a', signal: client.signal }))
      await until(() => pool.stats().running === 1, 'the cross join runs')
      client.abort()
      expect((await abandoned).message).toBe('the query was cancelled: its client went away')
      expect(pool.stats()).toMatchObject({ running: 0, queued: 0, cancelled: 1 })
      expect(await pool.run(request())).toMatchObject({ rows: [[42]] })
      // Interrupted, not killed: the worker needed no replacement.
      expect(pool.pids()).toEqual([worker])
    } finally {
      await pool.close()
    }
  })

  it("runs another user's query beside a flooding user's, holds the flood at the per-user limit, and drops its queued queries when abandoned", async () => {
    const pool = new WorkerPool({ size: 3, perUser: 2, command: workerCommand('namespace', [catalogDir]), graceMs: 2_000, maxQueue: 16 })
    try {
      const clients = Array.from({ length: 6 }, () => new AbortController())
      const flood = clients.map((client) => failure(pool.run(request({ sql: CROSS_JOIN, timeoutMs: 600_000 }), { user: 'a', signal: client.signal })))
      await until(() => pool.stats().running === 2, "a's first two queries run")
      expect(await pool.run(request(), { user: 'b' })).toMatchObject({ rows: [[42]] })
      // b was answered while a's flood still ran and waited: a never held the third worker.
      expect(pool.stats()).toMatchObject({ running: 2, queued: 4 })
      for (const client of clients) client.abort()
      for (const error of await Promise.all(flood)) expect(error.message).toBe('the query was cancelled: its client went away')
      expect(pool.stats()).toMatchObject({ running: 0, queued: 0, users: 0, cancelled: 6 })
    } finally {
      await pool.close()
    }
  })

  it('refuses as busy, with a time to retry, when the user’s own queue or everyone’s is full', async () => {
    const pool = new WorkerPool({ size: 1, perUser: 1, maxQueuedPerUser: 1, command: workerCommand('namespace', [catalogDir]), graceMs: 2_000, maxQueue: 2 })
    const client = new AbortController()
    const slow = { sql: CROSS_JOIN, timeoutMs: 20_000 }
    try {
      // A ready worker takes a's first query at once, so that a's second is the one that waits.
      await pool.run(request())
      const waiting = [pool.run(request(slow), { user: 'a', signal: client.signal }), pool.run(request(slow), { user: 'a', signal: client.signal })].map(failure)
      await until(() => pool.stats().running === 1, "a's first query runs")
      const own = await failure(pool.run(request(), { user: 'a' }))
      expect(own).toBeInstanceOf(SqlBusyError)
      expect(own.message).toBe('the SQL service is busy (you have 1 queries waiting already); try again shortly')
      // a's running query must end by its time limit plus the grace: a slot in a's queue is free by then.
      expect((own as SqlBusyError).retryAfterSeconds).toBeGreaterThanOrEqual(1)
      expect((own as SqlBusyError).retryAfterSeconds).toBeLessThanOrEqual(22)
      waiting.push(failure(pool.run(request(), { user: 'b', signal: client.signal })))
      const everyone = await failure(pool.run(request(), { user: 'c' }))
      expect([everyone.code, everyone.message]).toEqual(['busy', 'the SQL service is busy (2 queries are waiting); try again shortly'])
      expect(pool.stats()).toMatchObject({ refused: 2, queued: 2 })
      client.abort()
      await Promise.all(waiting)
    } finally {
      await pool.close()
    }
  })
})
