/**
 * The app database's health: a `select 1` bounded by a short timeout, its answer cached for a
 * moment so that a busy /api/health (load balancers, several dashboards) costs the database one
 * query per interval, and calls that arrive while a probe runs share it.
 *
 * PostgreSQL that does not answer makes the instance `degraded`, not `down`: the instance is
 * alive and its pool reconnects by itself when the server is back (db/postgres.ts), and all
 * instances on the database see the same outage, so an orchestrator that replaced them on a
 * 503 would gain nothing. A SQLite file that fails is `down` (nothing will bring it back).
 */
import { sql } from 'kysely'
import type { AppDb } from '../../db/index.ts'
import type { ComponentHealth, HealthCheck } from './health.ts'

export interface AppDbProbeOptions {
  db: AppDb
  /** 'PostgreSQL' when COCKPIT_DATABASE_URL is set. */
  kind: 'SQLite' | 'PostgreSQL'
  /** Where it is, for the message (a PostgreSQL URL without its password). */
  where?: string
  /** How long `select 1` may take; 2 s by default. */
  timeoutMs?: number
  /** How long an answer is reused; 2 s by default. */
  cacheMs?: number
  clock?: () => number
}

export function appDbHealthCheck(options: AppDbProbeOptions): HealthCheck {
  const clock = options.clock ?? Date.now
  const cacheMs = options.cacheMs ?? 2_000
  const name = `${options.kind} app database${options.where === undefined ? '' : ` at ${options.where}`}`
  let cached: { at: number; health: ComponentHealth } | undefined
  let running: Promise<ComponentHealth> | undefined

  const probe = async (): Promise<ComponentHealth> => {
    try {
      await withTimeout(sql`select 1`.execute(options.db), options.timeoutMs ?? 2_000)
      return { status: 'ok', message: name }
    } catch (error) {
      const reason = (error as Error).message || String(error)
      if (options.kind === 'SQLite') return { status: 'down', message: `${name}: ${reason}` }
      return { status: 'degraded', message: `${name} does not answer (${reason}); reconnecting by itself` }
    }
  }

  return async () => {
    if (cached !== undefined && clock() - cached.at < cacheMs) return cached.health
    running ??= probe().then((health) => {
      cached = { at: clock(), health }
      running = undefined
      return health
    })
    return running
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
