/**
 * Runs the real `cockpit` command as a child process — the way a plant runs it — on a free
 * port with a throw-away data dir, and waits until it answers /api/health. A served cockpit
 * also signs in for its tests: `api()` as an admin, `as(role)` as any role (the embedded demo
 * users from demo-users.txt, or users the harness creates with `cockpit user add` and the
 * admin API in plant mode).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from './ports.ts'

export const cockpitBin = fileURLToPath(new URL('../../bin/cockpit.js', import.meta.url))

export interface CockpitRun {
  child: ChildProcess
  /** Everything printed so far, stdout and stderr interleaved. */
  output(): string
  /** Resolves with the exit code, once everything the process printed has been read. */
  exited: Promise<number | null>
}

/** Runs `cockpit <args>` with the given environment added to a clean one; `input` is piped to stdin. */
export function runCockpit(args: string[], env: NodeJS.ProcessEnv = {}, input?: string): CockpitRun {
  const child = spawn(process.execPath, [cockpitBin, ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      COCKPIT_LOG_LEVEL: 'info',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...env,
    },
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  })
  if (input !== undefined) child.stdin?.end(input)
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  // 'close', not 'exit': at 'exit' the end of a large output may still be in the pipes.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  return { child, output: () => output, exited }
}

export type Role = 'analyst' | 'manager' | 'engineer' | 'admin'

/** A signed-in user of a served cockpit. */
export interface CockpitUser {
  username: string
  password: string
  role: Role
  /** The session cookie, for a browser context (`context.addCookies`). */
  cookie: { name: string; value: string }
  /** `fetch(url + path)` with this user's session and the server's own Origin (as a browser sends it). */
  api(path: string, init?: RequestInit): Promise<Response>
}

export interface ServedCockpit extends CockpitRun {
  url: string
  dataDir: string
  /** `fetch(url + path)` signed in as an admin. */
  api(path: string, init?: RequestInit): Promise<Response>
  /** Signed in with the given role (created on first use where no demo user exists). */
  as(role: Role): Promise<CockpitUser>
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
  const users = cockpitUsers(url, dataDir, options.env ?? {})
  return { ...run, url, dataDir, stop, as: users, api: async (path, init) => (await users('admin')).api(path, init) }
}

const HARNESS_PASSWORD = 'harness-password-1'

/** Signs in as each role once, creating the user first where needed, and caches the session. */
function cockpitUsers(url: string, dataDir: string, env: NodeJS.ProcessEnv): (role: Role) => Promise<CockpitUser> {
  const signedIn = new Map<Role, Promise<CockpitUser>>()
  const demo = (role: Role): { username: string; password: string } | undefined => {
    const file = join(dataDir, 'demo-users.txt')
    if (!existsSync(file)) return undefined
    const line = readFileSync(file, 'utf8').split('\n').find((l) => l.split(' ')[1] === role)
    const [username, , password] = line?.split(' ') ?? []
    return username === undefined || password === undefined ? undefined : { username, password }
  }
  const create = async (role: Role): Promise<{ username: string; password: string }> => {
    const username = `harness-${role}`
    if (role === 'admin') {
      const added = runCockpit(['user', 'add', username, '--role', 'admin', '--data-dir', dataDir], env, `${HARNESS_PASSWORD}\n`)
      const code = await added.exited
      if (code !== 0 && !added.output().includes('exists already')) throw new Error(`cockpit user add failed with ${code}: ${added.output()}`)
    } else {
      const response = await (await as('admin')).api('/api/admin/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: HARNESS_PASSWORD, role }) })
      if (response.status !== 201 && response.status !== 409) throw new Error(`creating ${username} answered ${response.status}: ${await response.text()}`)
    }
    return { username, password: HARNESS_PASSWORD }
  }
  const as = (role: Role): Promise<CockpitUser> => {
    let user = signedIn.get(role)
    if (user === undefined) {
      user = (async () => signIn(url, role, demo(role) ?? (await create(role))))()
      signedIn.set(role, user)
      user.catch(() => signedIn.delete(role))
    }
    return user
  }
  return as
}

export async function signIn(url: string, role: Role, credentials: { username: string; password: string }): Promise<CockpitUser> {
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify(credentials) })
  if (response.status !== 200) throw new Error(`signing in as ${credentials.username} answered ${response.status}: ${await response.text()}`)
  const [pair] = (response.headers.get('set-cookie') ?? '').split(';')
  const [name, value] = (pair ?? '').split('=') as [string, string]
  const api = (path: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers)
    headers.set('cookie', `${name}=${value}`)
    if (!headers.has('origin')) headers.set('origin', url)
    return fetch(`${url}${path}`, { ...init, headers })
  }
  return { ...credentials, role, cookie: { name, value }, api }
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
