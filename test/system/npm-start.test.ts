/**
 * `npm start` under a supervisor: `docker stop` and systemd with KillMode=process signal only
 * the main process — here npm. The server must still get the signal and drain, not be orphaned
 * by an npm that exits on its own.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort } from '../harness/ports.ts'
import { isAlive } from '../harness/process-alive.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const scratch = mkdtempSync(join(tmpdir(), 'cockpit-npm-start-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Every process below `pid` (Linux /proc), so a test can prove none was left behind. */
function descendants(pid: number): number[] {
  let children: number[]
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
  return children.flatMap((child) => [child, ...descendants(child)])
}

async function npmStart(options: { detached: boolean }) {
  const port = await freePort()
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    COCKPIT_PORT: String(port),
    COCKPIT_DATA_DIR: mkdtempSync(join(scratch, 'data-')),
    COCKPIT_LOG_LEVEL: 'info',
    COCKPIT_SIMULATOR: 'false',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  }
  const npm = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: options.detached })
  let output = ''
  npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)))
  const url = `http://127.0.0.1:${port}`
  for (let healthy = false; !healthy; ) {
    if (npm.exitCode !== null) throw new Error(`npm start exited with ${npm.exitCode}:\n${output}`)
    healthy = await fetch(`${url}/api/health`).then((r) => r.status < 500, () => false)
    if (!healthy) await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return { npm, url, exited, output: () => output, processes: [npm.pid!, ...descendants(npm.pid!)] }
}

describe('npm start', () => {
  it('SIGTERM to the npm process alone drains the server, which exits 0 and closes its port', async () => {
    const started = await npmStart({ detached: false })
    try {
      process.kill(started.npm.pid!, 'SIGTERM')
      expect(await started.exited).toBe(0)
      expect(started.output()).toContain('"msg":"shutting down"')
      expect(started.output()).toContain('"msg":"stopped"')
      expect(started.processes.filter(isAlive)).toEqual([])
      expect(await fetch(`${started.url}/api/health`).then(() => 'open', () => 'closed')).toBe('closed')
    } finally {
      for (const pid of started.processes.filter(isAlive)) process.kill(pid, 'SIGKILL')
    }
  })

  it('Ctrl-C (SIGINT to the whole process group) also drains once and exits 0', async () => {
    const started = await npmStart({ detached: true })
    try {
      process.kill(-started.npm.pid!, 'SIGINT')
      expect(await started.exited).toBe(0)
      expect(started.output()).toContain('"msg":"stopped"')
      expect(started.processes.filter(isAlive)).toEqual([])
    } finally {
      for (const pid of started.processes.filter(isAlive)) process.kill(pid, 'SIGKILL')
    }
  })
})
