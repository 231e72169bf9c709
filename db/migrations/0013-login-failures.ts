/**
 * Login failures (issue 16): the login throttle's counts per username and per address, in the
 * app database instead of each process's memory, so that failed sign-ins spread over several
 * instances on one database are throttled as one (server/auth/login-throttle.ts).
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('login_failures')
    // 'user' (lower-cased username) or 'ip' (client address).
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    /** Epoch milliseconds. */
    .addColumn('last_failure_at', 'integer', (c) => c.notNull())
    /** Epoch milliseconds; 0 when never locked. */
    .addColumn('locked_until', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_failures_pk', ['scope', 'key'])
    .execute()
  // The clean-up deletes by age.
  await db.schema.createIndex('login_failures_last_failure').on('login_failures').columns(['scope', 'last_failure_at']).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('login_failures').execute()
}
