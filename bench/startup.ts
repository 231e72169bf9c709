/**
 * Start-up time: from spawning `cockpit start` to the first healthy /api/health answer, on a
 * fresh data dir and on an existing one, against a reference — a bare Node process serving a
 * one-route Hono app — started the same way in the same run.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../test/harness/ports.ts'
import { cockpitBin } from '../test/harness/cockpit.ts'
import type { Benchmark } from './run.ts'
import { formatMs, median } from './stats.ts'

const RUNS = 5

const referenceServer = `
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
const app = new Hono().get('/api/health', (c) => c.json({ status: 'ok' }))
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' })
`

async function timeToHealthy(args: string[], env: NodeJS.ProcessEnv, port: number): Promise<number> {
  const started = performance.now()
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: 'ignore', cwd: process.cwd() })
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}`)
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false)
      if (ok) return performance.now() - started
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  } finally {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
  }
}

async function timeToExit(args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  const started = performance.now()
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: 'ignore', cwd: process.cwd() })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`node ${args.join(' ')} exited with ${code}`)
  return performance.now() - started
}

async function measure(label: string, once: () => Promise<number>): Promise<{ label: string; median: number; runs: number[] }> {
  const runs: number[] = []
  for (let i = 0; i < RUNS; i++) runs.push(await once())
  return { label, median: median(runs), runs }
}

async function run(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'cockpit-bench-startup-'))
  const kept = join(scratch, 'kept')
  try {
    const reference = await measure('reference: bare Hono on Node', async () => {
      const port = await freePort()
      return timeToHealthy(['--input-type=module', '-e', referenceServer], { PORT: String(port) }, port)
    })
    const fresh = await measure('cockpit start, fresh data dir', async () => {
      const port = await freePort()
      const dataDir = mkdtempSync(join(scratch, 'fresh-'))
      return timeToHealthy([cockpitBin, 'start', '--port', String(port), '--data-dir', dataDir], { COCKPIT_LOG_LEVEL: 'warn' }, port)
    })
    const existing = await measure('cockpit start, existing data dir', async () => {
      const port = await freePort()
      return timeToHealthy([cockpitBin, 'start', '--port', String(port), '--data-dir', kept], { COCKPIT_LOG_LEVEL: 'warn' }, port)
    })
    // The CLI rows: the first run after a source change also compiles (bin/server-build.js), so warm it up once.
    await timeToExit([cockpitBin, '--help'])
    const bareNode = await measure('reference: node -e 0', () => timeToExit(['-e', '0']))
    const help = await measure('cockpit --help', () => timeToExit([cockpitBin, '--help']))
    const sql = await measure('cockpit sql "SELECT 42"', () => timeToExit([cockpitBin, 'sql', 'SELECT 42', '--data-dir', kept]))
    console.log(`median of ${RUNS} runs each (all runs in ms)`)
    const print = (row: Awaited<ReturnType<typeof measure>>, base: number): void => {
      const ratio = (row.median / base).toFixed(2)
      console.log(`  ${row.label.padEnd(36)} ${formatMs(row.median).padStart(8)}  ×${ratio}  [${row.runs.map((r) => r.toFixed(0)).join(', ')}]`)
    }
    for (const row of [reference, fresh, existing]) print(row, reference.median)
    for (const row of [bareNode, help, sql]) print(row, bareNode.median)
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

export const startupBenchmark: Benchmark = {
  name: 'startup',
  description: 'time from `cockpit start` to a healthy /api/health, against a bare Hono server; `cockpit --help` and `cockpit sql` against `node -e 0`',
  run,
}
