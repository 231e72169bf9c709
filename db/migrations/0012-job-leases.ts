/**
 * Job leases (issue 16): with several instances on one app database, a job that must run once
 * (MES ingestion, KPI rebuilds, compaction, vacuum, SQL alert rules) runs only on the instance
 * holding its lease. A lease has an expiry that its holder keeps pushing forward while it runs;
 * when the holder dies, the lease runs out and another instance takes it over. `generation`
 * grows with every change of holder, so work can be fenced by it. (jobs/job-leases.ts)
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('job_leases')
    .addColumn('job', 'text', (c) => c.primaryKey())
    // The instance holding it (JSON process identity: host, pid, start), for people and fencing.
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('generation', 'integer', (c) => c.notNull())
    .addColumn('acquired_at', 'text', (c) => c.notNull())
    /** Epoch milliseconds; the lease is free from then on. */
    .addColumn('expires_at', 'integer', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job_leases').execute()
}
