/** The SQL service's state as Prometheus lines for /api/metrics: is anyone starved, are abandoned queries stopped. */
import type { PoolStats } from './worker-pool.ts'

export function sqlMetricLines(stats: PoolStats): string[] {
  const metric = (name: string, type: 'gauge' | 'counter', help: string, value: number): string[] => [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`]
  return [
    ...metric('cockpit_sql_workers', 'gauge', 'SQL sandbox worker processes alive.', stats.workers),
    ...metric('cockpit_sql_queries_running', 'gauge', 'SQL queries running in a sandbox worker.', stats.running),
    ...metric('cockpit_sql_queries_queued', 'gauge', 'SQL queries waiting for a worker or for their user to be below COCKPIT_SQL_PER_USER.', stats.queued),
    ...metric('cockpit_sql_users_active', 'gauge', 'Users with SQL queries running or waiting.', stats.users),
    ...metric('cockpit_sql_queries_cancelled_total', 'counter', 'SQL queries stopped or dropped because their client went away.', stats.cancelled),
    ...metric('cockpit_sql_queries_refused_total', 'counter', 'SQL queries refused as busy (queue full), answered 503 with Retry-After.', stats.refused),
  ]
}
