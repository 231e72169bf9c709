/**
 * Bounded bodies on a real `cockpit start` (issue 12, item 4): how soon a 50 MB body is refused
 * with 413 — the client streaming all of it, as an attacker's script would — on the public login,
 * the tokens route and /api/query, and how /api/health answers while two such uploads run back to
 * back. Reference: /api/health on the same server with nothing else going on. Before the limits,
 * one such login took 16.8 s and 1.4 GB and two blocked /api/health for 27.7 s (the issue).
 */
import { performance } from 'node:perf_hooks'
import { serveCockpit, type ServedCockpit } from '../test/harness/cockpit.ts'
import { rawRequest } from '../test/harness/raw-http.ts'
import type { Benchmark } from './run.ts'
import { median } from './stats.ts'

const FIFTY_MB = 50 * 1024 * 1024
const UPLOADS = Number(process.env.BENCH_LIMITS_UPLOADS ?? 15)
const HEALTH = Number(process.env.BENCH_LIMITS_HEALTH ?? 60)

const percentile = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!

async function healthLatencies(cockpit: ServedCockpit, count: number): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    const started = performance.now()
    const response = await fetch(`${cockpit.url}/api/health`)
    await response.arrayBuffer()
    if (response.status !== 200) throw new Error(`/api/health answered ${response.status}`)
    times.push(performance.now() - started)
  }
  return times
}

/** One 50 MB upload, streamed in full unless the answer comes first; the time to the answer. */
async function upload(cockpit: ServedCockpit, path: string, cookie: string): Promise<number> {
  const started = performance.now()
  const answer = await rawRequest(cockpit.url, { method: 'POST', path, headers: { 'content-type': 'application/json', 'content-length': String(FIFTY_MB), origin: cockpit.url, cookie }, streamBytes: FIFTY_MB })
  if (answer.status !== 413) throw new Error(`${path} answered ${answer.status}, expected 413`)
  return performance.now() - started
}

async function run(): Promise<void> {
  const cockpit = await serveCockpit({ env: { COCKPIT_SIMULATOR: 'false', COCKPIT_LOG_LEVEL: 'warn' } })
  try {
    const admin = await cockpit.as('admin')
    const cookie = `${admin.cookie.name}=${admin.cookie.value}`
    await healthLatencies(cockpit, 10) // warm-up
    const alone = await healthLatencies(cockpit, HEALTH)
    const reference = median(alone)
    const rows: Record<string, string>[] = [{ measure: `/api/health alone (reference), median of ${HEALTH}`, median: `${reference.toFixed(2)} ms`, p95: `${percentile(alone, 0.95).toFixed(2)} ms`, ratio: '1.00' }]
    for (const path of ['/api/auth/login', '/api/tokens', '/api/query']) {
      const times: number[] = []
      for (let i = 0; i < UPLOADS; i++) times.push(await upload(cockpit, path, cookie))
      rows.push({ measure: `413 to a streamed 50 MB POST ${path}, median of ${UPLOADS}`, median: `${median(times).toFixed(2)} ms`, p95: `${percentile(times, 0.95).toFixed(2)} ms`, ratio: (median(times) / reference).toFixed(2) })
    }
    // Two uploaders posting 50 MB back to back for as long as the health probes run.
    let probing = true
    const uploaders = [0, 1].map(async () => {
      let count = 0
      while (probing) {
        await upload(cockpit, '/api/auth/login', '')
        count++
      }
      return count
    })
    const during = await healthLatencies(cockpit, HEALTH)
    probing = false
    const uploads = (await Promise.all(uploaders)).reduce((a, b) => a + b, 0)
    rows.push({ measure: `/api/health during two 50 MB uploaders (${uploads} uploads), median of ${HEALTH}`, median: `${median(during).toFixed(2)} ms`, p95: `${percentile(during, 0.95).toFixed(2)} ms`, ratio: (median(during) / reference).toFixed(2) })
    rows.push({ measure: '  … its slowest answer', median: `${Math.max(...during).toFixed(2)} ms`, p95: '', ratio: (Math.max(...during) / reference).toFixed(2) })
    console.table(rows)
  } finally {
    await cockpit.stop()
  }
}

export const bodyLimitsBenchmark: Benchmark = {
  name: 'body-limits',
  description: '413 to 50 MB bodies on a real cockpit, and /api/health while they arrive',
  run,
}
