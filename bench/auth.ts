/**
 * Authentication costs, through the real app in this process (SQLite app database, argon2id):
 * - login timing: a wrong password for a user that exists against a name that does not (the
 *   dummy-hash verification should make them equal: ratio ≈ 1), and a successful login;
 * - the gate's cost per request: a signed-in request (session cookie validated against the
 *   database, role checked) against an anonymous request to a public route through the same app.
 */
import { performance } from 'node:perf_hooks'
import { ORIGIN, openTestApp, type TestApp } from '../test/harness/test-app.ts'
import type { Benchmark } from './run.ts'
import { median } from './stats.ts'

const LOGINS = Number(process.env.BENCH_AUTH_LOGINS ?? 40)
const REQUESTS = Number(process.env.BENCH_AUTH_REQUESTS ?? 3000)

let attempt = 0

async function timeLogin(t: TestApp, username: string, password: string, expected: number): Promise<number> {
  // Each attempt from its own address (the app trusts X-Forwarded-For here), so the per-address
  // throttle stays out of the measurement.
  const address = `10.${(attempt >> 16) & 255}.${(attempt >> 8) & 255}.${attempt++ & 255}`
  const started = performance.now()
  const response = await t.app.request(`${ORIGIN}/api/auth/login`, { method: 'POST', headers: { origin: ORIGIN, 'x-forwarded-for': address, 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
  const elapsed = performance.now() - started
  if (response.status !== expected) throw new Error(`login of ${username} answered ${response.status}, expected ${expected}`)
  return elapsed
}

async function timeRequests(t: TestApp, path: string, headers: Record<string, string>): Promise<number> {
  const started = performance.now()
  for (let i = 0; i < REQUESTS; i++) {
    const response = await t.app.request(`${ORIGIN}${path}`, { headers })
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`)
    await response.arrayBuffer()
  }
  return ((performance.now() - started) * 1000) / REQUESTS
}

async function run(): Promise<void> {
  const t = await openTestApp({ COCKPIT_TRUST_PROXY: 'true' })
  try {
    const known: number[] = []
    const unknown: number[] = []
    const success: number[] = []
    // Interleaved, so drift of the machine's load hits all three alike. A success every fourth
    // round clears analyst-1's failure count before the per-user throttle (5 free) would lock it.
    for (let i = 0; i < LOGINS; i++) {
      known.push(await timeLogin(t, 'analyst-1', `wrong-${i}`, 401))
      unknown.push(await timeLogin(t, `nobody-${i}`, 'wrong-password', 401))
      success.push(await timeLogin(t, 'manager-1', t.password('manager'), 200))
      if (i % 4 === 3) await timeLogin(t, 'analyst-1', t.password('analyst'), 200)
    }
    const cookie = await t.cookie('analyst')
    await timeRequests(t, '/api/settings', {}) // warm-up
    const anonymous = await timeRequests(t, '/api/settings', {})
    const signedIn = await timeRequests(t, '/api/auth/me', { cookie })
    console.table([
      { measure: 'login, wrong password, existing user (reference)', median: `${median(known).toFixed(1)} ms`, ratio: '1.00' },
      { measure: 'login, unknown user (dummy hash)', median: `${median(unknown).toFixed(1)} ms`, ratio: (median(unknown) / median(known)).toFixed(2) },
      { measure: 'login, success (verify + session insert)', median: `${median(success).toFixed(1)} ms`, ratio: (median(success) / median(known)).toFixed(2) },
      { measure: `public request, anonymous (reference), mean of ${REQUESTS}`, median: `${anonymous.toFixed(0)} µs`, ratio: '1.00' },
      { measure: `signed-in request (session validated), mean of ${REQUESTS}`, median: `${signedIn.toFixed(0)} µs`, ratio: (signedIn / anonymous).toFixed(2) },
    ])
  } finally {
    await t.close()
  }
}

export const authBenchmark: Benchmark = {
  name: 'auth',
  description: 'login timing (unknown user vs wrong password) and the per-request cost of session validation',
  run,
}
