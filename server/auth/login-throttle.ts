/**
 * The login throttle over the app database: failures per key (a username, an address) are
 * counted in `login_failures`, so every instance on one database sees the same counts and a
 * brute-force attempt spread over instances is throttled as one. The delays and forgetting are
 * the pure policy of ./login-throttle-policy.ts.
 *
 * A failure is one atomic upsert (insert, or add one — starting afresh when the key was
 * forgotten), then the lock its count earns is written, never shortening a longer one: two
 * instances failing the same key at once get consecutive counts and the longer lock stands.
 * Forgotten keys are deleted, and each scope is bounded to maxKeys, by a clean-up that runs at
 * most once a minute per process.
 */
import { sql } from 'kysely'
import type { AppDb } from '../../db/index.ts'
import { decide, isForgotten, lockDelayMs, type KeyState, type ThrottleDecision, type ThrottleOptions } from './login-throttle-policy.ts'

export type ThrottleScope = 'user' | 'ip'

const CLEANUP_EVERY_MS = 60_000

export class LoginThrottle {
  #lastCleanupAt = Number.NEGATIVE_INFINITY

  constructor(
    readonly db: AppDb,
    readonly scope: ThrottleScope,
    readonly options: ThrottleOptions,
    readonly clock: () => number,
  ) {}

  /** May an attempt for this key go ahead now? */
  async check(key: string): Promise<ThrottleDecision> {
    const now = this.clock()
    const state = await this.#state(key)
    return decide(state === undefined || isForgotten(this.options, state, now) ? undefined : state, now)
  }

  async fail(key: string): Promise<void> {
    const now = this.clock()
    const forgottenBefore = now - this.options.forgetAfterMs
    const row = await this.db
      .insertInto('login_failures')
      .values({ scope: this.scope, key, failures: 1, last_failure_at: now, locked_until: 0 })
      .onConflict((conflict) =>
        conflict.columns(['scope', 'key']).doUpdateSet({
          failures: sql<number>`CASE WHEN login_failures.locked_until <= ${now} AND login_failures.last_failure_at <= ${forgottenBefore} THEN 1 ELSE login_failures.failures + 1 END`,
          last_failure_at: now,
        }),
      )
      .returning('failures')
      .executeTakeFirstOrThrow()
    const delay = lockDelayMs(this.options, Number(row.failures))
    if (delay > 0) {
      const until = now + delay
      await this.db
        .updateTable('login_failures')
        .set({ locked_until: sql<number>`CASE WHEN locked_until > ${until} THEN locked_until ELSE ${until} END` })
        .where('scope', '=', this.scope)
        .where('key', '=', key)
        .execute()
    }
    if (now - this.#lastCleanupAt >= CLEANUP_EVERY_MS) await this.cleanup()
  }

  async succeed(key: string): Promise<void> {
    await this.db.deleteFrom('login_failures').where('scope', '=', this.scope).where('key', '=', key).execute()
  }

  /** Deletes forgotten keys, then those that failed longest ago beyond maxKeys. */
  async cleanup(): Promise<void> {
    const now = this.clock()
    this.#lastCleanupAt = now
    await this.db
      .deleteFrom('login_failures')
      .where('scope', '=', this.scope)
      .where('locked_until', '<=', now)
      .where('last_failure_at', '<=', now - this.options.forgetAfterMs)
      .execute()
    const newestKept = this.db
      .selectFrom('login_failures')
      .select('key')
      .where('scope', '=', this.scope)
      .orderBy('last_failure_at', 'desc')
      .orderBy('key')
      .limit(this.options.maxKeys)
    await this.db.deleteFrom('login_failures').where('scope', '=', this.scope).where('key', 'not in', newestKept).execute()
  }

  /** Keys remembered in this scope (for tests and people). */
  async size(): Promise<number> {
    const row = await this.db.selectFrom('login_failures').select((eb) => eb.fn.countAll<number>().as('n')).where('scope', '=', this.scope).executeTakeFirstOrThrow()
    return Number(row.n)
  }

  async #state(key: string): Promise<KeyState | undefined> {
    const row = await this.db.selectFrom('login_failures').selectAll().where('scope', '=', this.scope).where('key', '=', key).executeTakeFirst()
    if (row === undefined) return undefined
    return { failures: Number(row.failures), lastFailureAt: Number(row.last_failure_at), lockedUntil: Number(row.locked_until) }
  }
}
