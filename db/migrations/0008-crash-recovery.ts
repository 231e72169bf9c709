/**
 * What a crash must not lose:
 * - `derived_debt`: work a commit made due on derived tables (the KPI days of rows just
 *   ingested), written in the same transaction as that commit and deleted in the same
 *   transaction as the commit that pays it, so a crash in between leaves the debt on record for
 *   the next run. A NULL range means "everything".
 * - `job_runs.owner`: the process that runs a run (JSON: host, pid, process start), so that a
 *   start judges a run abandoned only when its process is gone, not when another live process
 *   sharing the data dir is running it.
 * A catalog whose MES tables changed after its last KPI commit was most likely cut short by the
 * crash this migration fixes: it starts with one debt for everything, paid by the next run.
 * (There is no migration 0006: the numbering skipped it when 0007 was added. Numbers are not
 * reused or shifted, since applied databases record each migration by its name.)
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('derived_debt')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('snapshot_id', 'integer', (c) => c.notNull().references('catalog_snapshots.id'))
    .addColumn('range_min', 'text')
    .addColumn('range_max', 'text')
    .execute()
  await db.schema.createIndex('derived_debt_target').on('derived_debt').columns(['target', 'snapshot_id']).execute()
  await db.schema.alterTable('job_runs').addColumn('owner', 'text').execute()
  await sql`
    INSERT INTO derived_debt (target, snapshot_id, range_min, range_max)
    SELECT 'kpi', max(id), NULL, NULL FROM catalog_snapshots
    WHERE tables LIKE '%"mes.%'
      AND id > coalesce((SELECT max(id) FROM catalog_snapshots WHERE tables LIKE '%"kpi.machine_daily"%'), 0)
    HAVING max(id) IS NOT NULL`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('job_runs').dropColumn('owner').execute()
  await db.schema.dropTable('derived_debt').execute()
}
