import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { appDatabases, createPostgresDatabase, sqlite } from '../test/harness/app-databases.ts'
import { migrateToLatest, openAppDb, type AppDb, type OpenAppDbOptions } from './index.ts'

describe('app database', () => {
  let db: AppDb | undefined
  const dir = mkdtempSync(join(tmpdir(), 'cockpit-appdb-'))
  afterEach(async () => {
    await db?.destroy()
    db = undefined
  })

  it.each([
    { name: 'SQLite', where: async (): Promise<OpenAppDbOptions> => ({ file: join(dir, 'app.sqlite') }) },
    { name: 'PostgreSQL', where: async (): Promise<OpenAppDbOptions> => ({ url: await createPostgresDatabase() }) },
  ])('migrates a new $name database and keeps rows across reopen', async ({ where }) => {
    const options = await where()
    db = await openAppDb(options)
    await db.insertInto('instance').values({ created_at: '2026-11-25T00:00:00Z', created_by_version: '0.1.0' }).execute()
    await db.destroy()

    db = await openAppDb(options)
    const rows = await db.selectFrom('instance').selectAll().execute()
    expect(rows).toEqual([{ id: 1, created_at: '2026-11-25T00:00:00Z', created_by_version: '0.1.0' }])
    expect(await migrateToLatest(db)).toEqual([])
  })

  it('fails with the path when the file cannot be opened', async () => {
    await expect(openAppDb({ file: join(dir, 'missing-dir', 'x', 'app.sqlite') })).rejects.toThrow(/directory does not exist|unable to open/)
  })

  it('fails naming the cause when PostgreSQL refuses the connection', async () => {
    const url = new URL(await createPostgresDatabase())
    url.password = 'wrong'
    await expect(openAppDb({ url: url.toString() })).rejects.toThrow(/password authentication failed/)
  })

  afterAll(() => rmSync(dir, { recursive: true, force: true }))
})

describe.each(appDatabases)('the schema on $name', (database) => {
  let db: AppDb
  afterEach(() => db?.destroy())

  it('keeps user names unique whatever their case, and finds them in any case', async () => {
    db = await database.open()
    const user = { password_hash: 'x', role: 'admin', created_at: '2026-12-01T00:00:00Z' }
    await db.insertInto('users').values({ ...user, username: 'Ada' }).execute()
    await expect(db.insertInto('users').values({ ...user, username: 'ADA' }).execute()).rejects.toThrow(/unique/i)
    expect(await db.selectFrom('users').select('username').where('username', '=', 'ada').execute()).toEqual([{ username: 'Ada' }])
  })

  it('answers 64-bit integers, counts and sums as numbers, and reals with full precision', async () => {
    db = await database.open()
    const user = await db.insertInto('users').values({ username: 'ada', password_hash: 'x', role: 'admin', created_at: '2026-12-01T00:00:00Z' }).returning('id').executeTakeFirstOrThrow()
    // Epoch milliseconds do not fit 32 bits.
    const expiresAt = Date.parse('2026-12-31T00:00:00Z')
    await db.insertInto('sessions').values({ id: 's1', secret_hash: 'h', user_id: user.id, created_at: '2026-12-01T00:00:00Z', expires_at: expiresAt }).execute()
    expect(await db.selectFrom('sessions').select(['expires_at', 'user_id']).executeTakeFirst()).toEqual({ expires_at: expiresAt, user_id: user.id })
    const counted = await db.selectFrom('sessions').select([(eb) => eb.fn.countAll().as('n'), sql<number>`sum(expires_at)`.as('total')]).executeTakeFirstOrThrow()
    expect(counted).toEqual({ n: 1, total: expiresAt })

    const run = await db.insertInto('job_runs').values({ job: 'j', trigger: 'manual', status: 'ok', started_at: 't' }).returning('id').executeTakeFirstOrThrow()
    const snapshot = await db.insertInto('catalog_snapshots').values({ committed_at: 't', job_run_id: run.id, operation: 'append', tables: '[]' }).returning('id').executeTakeFirstOrThrow()
    await db.insertInto('catalog_quality').values({ snapshot_id: snapshot.id, table_name: 't', check_name: 'c', status: 'pass', observed: 0.1 + 0.2 }).execute()
    expect((await db.selectFrom('catalog_quality').select('observed').executeTakeFirstOrThrow()).observed).toBe(0.1 + 0.2)
  })
})

describe('alert_events on SQLite', () => {
  let db: AppDb
  afterEach(() => db?.destroy())

  // The table grows by every transition for as long as the plant runs: its two reads must not scan it.
  it.each([
    ['whether an alert ever fired (firing spans)', "SELECT id FROM alert_events WHERE alert_id = 7 AND to_state = 'firing'", 'alert_events_alert_state'],
    ['the events not exported yet (alerts.events export)', 'SELECT * FROM alert_events WHERE exported_at IS NULL ORDER BY id LIMIT 500', 'alert_events_exported'],
  ])('finds %s by index', async (_what, query, index) => {
    db = await sqlite.open()
    const plan = await sql<{ detail: string }>`EXPLAIN QUERY PLAN ${sql.raw(query)}`.execute(db)
    expect(plan.rows.map((row) => row.detail).join('; ')).toMatch(new RegExp(`^SEARCH alert_events USING (COVERING )?INDEX ${index} `))
  })
})
