/**
 * One user's flood of SQL against another user's small query (issue 12, item 5), on a real
 * `cockpit start` over HTTP as the issue measured it: user B (the demo engineer) sends
 * `SELECT 42` BENCH_FAIRNESS_QUERIES times (default 30), one every half second, first on an idle server
 * (the reference), then while user A (the demo analyst) keeps 6 cross joins that would run for
 * hours in flight, each abandoned by its client after 3 s and sent again. Prints B's latency
 * both ways and their ratio, A's queries that ran or waited meanwhile, and how long A's
 * abandoned queries take to leave the workers once A stops.
 */
import { serveCockpit, type CockpitUser, type ServedCockpit } from '../test/harness/cockpit.ts'
import type { Benchmark } from './run.ts'
import { formatMs, median } from './stats.ts'

const QUERIES = Number(process.env.BENCH_FAIRNESS_QUERIES ?? 30)
/** Between B's queries, so that B's run spans several of A's 3-second abandon cycles. */
const PAUSE_MS = 500
const FLOOD = 6
const ABANDON_AFTER_MS = 3_000
const CROSS_JOIN = 'SELECT count(*) FROM range(1000000000) a CROSS JOIN range(1000000000) b'

function post(sql: string, signal?: AbortSignal): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql }), signal }
}

async function poolGauges(cockpit: ServedCockpit): Promise<{ running: number; queued: number; cancelled: number }> {
  const text = await (await cockpit.api('/api/metrics')).text()
  const value = (name: string): number => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? Number.NaN)
  return { running: value('cockpit_sql_queries_running'), queued: value('cockpit_sql_queries_queued'), cancelled: value('cockpit_sql_queries_cancelled_total') }
}

/** B's small query, QUERIES times in a row: each latency in ms, with A's queries in flight sampled after each. */
async function smallQueries(user: CockpitUser, sample?: () => Promise<void>): Promise<number[]> {
  const latencies: number[] = []
  for (let i = 0; i < QUERIES; i++) {
    const started = performance.now()
    const response = await user.api('/api/query', post('SELECT 42 AS answer'))
    const body = (await response.json()) as { rows?: unknown[][] }
    if (response.status !== 200 || body.rows?.[0]?.[0] !== 42) throw new Error(`SELECT 42 answered ${response.status}: ${JSON.stringify(body)}`)
    latencies.push(performance.now() - started)
    await sample?.()
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS))
  }
  return latencies
}

/** A's clients: each sends a cross join, gives up on it after 3 s, and sends the next, until stopped. */
function flood(user: CockpitUser): { stop(): Promise<void> } {
  let running = true
  const clients = new Set<AbortController>()
  const loops = Array.from({ length: FLOOD }, async () => {
    while (running) {
      const client = new AbortController()
      clients.add(client)
      const timer = setTimeout(() => client.abort(), ABANDON_AFTER_MS)
      await user.api('/api/query', post(CROSS_JOIN, client.signal)).then((response) => response.text(), () => undefined)
      clearTimeout(timer)
      clients.delete(client)
    }
  })
  return {
    stop: async () => {
      running = false
      for (const client of clients) client.abort()
      await Promise.all(loops)
    },
  }
}

function summary(latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b)
  return `median ${formatMs(median(sorted))}, p90 ${formatMs(sorted[Math.floor(sorted.length * 0.9)] ?? Number.NaN)}, max ${formatMs(sorted.at(-1) ?? Number.NaN)}`
}

async function run(): Promise<void> {
  const cockpit = await serveCockpit({ env: { COCKPIT_SIMULATOR: 'false', COCKPIT_LOG_LEVEL: 'warn' } })
  try {
    const analyst = await cockpit.as('analyst')
    const engineer = await cockpit.as('engineer')
    // Load every worker once, so that neither run pays for a worker starting.
    await Promise.all([analyst, analyst, engineer].map((user) => user.api('/api/query', post('SELECT 1')).then((r) => r.text())))

    const idle = await smallQueries(engineer)
    const a = flood(analyst)
    const busyWithA: number[] = []
    for (let i = 0; i < 100 && (await poolGauges(cockpit)).running < 2; i++) await new Promise((resolve) => setTimeout(resolve, 100))
    const flooded = await smallQueries(engineer, async () => {
      const gauges = await poolGauges(cockpit)
      busyWithA.push(gauges.running + gauges.queued)
    })
    const cancelledWhileFlooding = (await poolGauges(cockpit)).cancelled
    const stopped = performance.now()
    await a.stop()
    let freeAfter = Number.NaN
    for (let i = 0; i < 600; i++) {
      if ((await poolGauges(cockpit)).running === 0) {
        freeAfter = performance.now() - stopped
        break
      }
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const { cancelled } = await poolGauges(cockpit)

    console.log(`B's SELECT 42 through POST /api/query, ${QUERIES} times, ${PAUSE_MS} ms apart (3 SQL workers, COCKPIT_SQL_PER_USER=2, real cockpit start)`)
    console.log(`  idle server (reference):        ${summary(idle)}`)
    console.log(`  while A floods (${FLOOD} cross joins): ${summary(flooded)}`)
    console.log(`  A's queries running or waiting after each of B's answers: min ${Math.min(...busyWithA)}, max ${Math.max(...busyWithA)}`)
    console.log(`  ratio flooded / idle: ×${(median(flooded) / median(idle)).toFixed(2)} by median, ×${(Math.max(...flooded) / Math.max(...idle)).toFixed(2)} by max`)
    console.log(`  A's queries abandoned and cancelled while B ran: ${cancelledWhileFlooding}; ${cancelled} in all, and every worker was free ${formatMs(freeAfter)} after A's last client gave up`)
  } finally {
    await cockpit.stop()
  }
}

export const sqlFairnessBenchmark: Benchmark = {
  name: 'fairness',
  description: `user B's SELECT 42 on an idle cockpit and while user A floods the SQL sandbox with ${FLOOD} abandoned cross joins`,
  run,
}
