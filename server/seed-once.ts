/**
 * What embedded mode adds on its first start (the example notebooks, the Plant overview board):
 * once, as the audit log's entry under `action` records, so that what someone deleted does not
 * come back at the next start. Instances sharing a PostgreSQL app database that start at the same
 * moment would both find no entry and both add it; with a lease `holder` only the instance that
 * takes the seed's lease adds it, and the other adds nothing.
 */
import type { AppDb } from '../db/index.ts'
import { runWithLease } from '../jobs/index.ts'
import { recordAudit, type AuditEvent } from './auth/audit.ts'

export interface SeedOptions {
  mode: 'embedded' | 'plant'
  /** The audit action that records the seed. */
  action: string
  /** This instance as a lease holder when it shares the app database (server/jobs.ts leaseHolder). */
  holder?: string
  now?: Date
}

export interface Seeded {
  /** How many things were added. */
  added: number
  audit: Pick<AuditEvent, 'target' | 'detail'>
}

/** Runs `seed` unless the seed is recorded already (or another instance is adding it); the number it added. */
export async function seedOnce(db: AppDb, options: SeedOptions, seed: (at: Date) => Promise<Seeded>): Promise<number> {
  if (options.mode !== 'embedded') return 0
  const now = options.now ?? new Date()
  const once = async (): Promise<number> => {
    const recorded = await db.selectFrom('audit_log').select('id').where('action', '=', options.action).executeTakeFirst()
    if (recorded !== undefined) return 0
    const { added, audit } = await seed(now)
    await recordAudit(db, { action: options.action, actor: 'first-run', ...audit }, now)
    return added
  }
  if (options.holder === undefined) return once()
  const leased = await runWithLease(db, { job: `seed ${options.action}`, holder: options.holder }, once)
  return leased.ran ? leased.value : 0
}
