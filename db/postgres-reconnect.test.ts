/**
 * The PostgreSQL pool through a lost connection: a client held between two queries (as a
 * transaction holds one) whose server session is terminated does not end the process with an
 * unheard 'error' event; its next query fails, and the pool's next query opens a new connection.
 */
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresDatabase } from '../test/harness/app-databases.ts'
import { openAppDb, type AppDb } from './index.ts'

describe('the PostgreSQL app database pool', () => {
  let url: string
  let db: AppDb
  beforeAll(async () => {
    url = await createPostgresDatabase()
    db = await openAppDb({ url, poolSize: 2 })
  })
  afterAll(() => db?.destroy())

  async function terminate(pid: number): Promise<void> {
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [pid])
      // Until the server has ended the session (its FATAL message is then on the client's socket).
      while ((await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount! > 0) await new Promise((resolve) => setTimeout(resolve, 20))
    } finally {
      await admin.end()
    }
  }

  it('survives the server ending a checked-out connection, and reconnects for the next query', async () => {
    await db.connection().execute(async (connection) => {
      const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(connection)
      await terminate(rows[0]!.pid)
      // Let the client read the server's goodbye while no query runs: without a listener, an 'error' event.
      await new Promise((resolve) => setTimeout(resolve, 200))
      await expect(sql`SELECT 1`.execute(connection)).rejects.toThrow()
    })
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(db)
    expect(rows).toEqual([{ one: 1 }])
  })
})
