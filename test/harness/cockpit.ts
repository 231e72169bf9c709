/**
 * Runs the real `cockpit` command as a child process — the way a plant runs it — on a free
 * port with a throw-away data dir, and waits until it answers /api/health.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from './ports.ts'

export const cockpitBin = fileURLToPath(new URL('../../bin/cockpit.js', import.meta.url))

export interface CockpitRun {
  child: ChildProcess
  /** Everything printed so far, stdout and stderr interleaved. */
  output(): string
  /** Resolves with the exit code. */
  exited: Promise<number | null>
}

/** Runs `cockpit <args>` with the given environment added to a clean one. */
export function runCockpit(args: string[], env: NodeJS.ProcessEnv = {}): CockpitRun {
  const child = spawn(process.execPath, [cockpitBin, ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      COCKPIT_LOG_LEVEL: 'info',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, output: () => output, exited }
}

export interface ServedCockpit extends CockpitRun {
  url: string
  dataDir: string
  /** SIGTERM, then the exit code; removes the data dir unless `keepData`. */
  stop(): Promise<number | null>
}

export interface ServeOptions {
  env?: NodeJS.ProcessEnv
  dataDir?: string
  keepData?: boolean
  timeoutMs?: number
}

export async function serveCockpit(options: ServeOptions = {}): Promise<ServedCockpit> {
  const port = await freePort()
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cockpit-data-'))
  const run = runCockpit(['start', '--port', String(port), '--data-dir', dataDir], options.env)
  const url = `http://127.0.0.1:${port}`
  const stop = async (): Promise<number | null> => {
    if (run.child.exitCode === null) run.child.kill('SIGTERM')
    const code = await run.exited
    if (options.keepData !== true && options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true })
    return code
  }
  try {
    await waitForHealth(url, run, options.timeoutMs ?? 60_000)
  } catch (error) {
    await stop()
    throw error
  }
  return { ...run, url, dataDir, stop }
}

async function waitForHealth(url: string, run: CockpitRun, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (run.child.exitCode !== null) throw new Error(`cockpit exited with ${run.child.exitCode}:\n${run.output()}`)
    const healthy = await fetch(`${url}/api/health`).then((r) => r.status < 500, () => false)
    if (healthy) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`cockpit did not answer ${url}/api/health within ${timeoutMs} ms:\n${run.output()}`)
}
