/**
 * A real PostgreSQL server for tests and for people: a throw-away cluster made with the
 * machine's own PostgreSQL binaries (`initdb` and `postgres` on the PATH in /usr/local/bin, or
 * Debian's /usr/lib/postgresql/<version>/bin), in a temp dir, on a free loopback port, with a
 * password-protected superuser and one database. Nothing is downloaded: no network is needed.
 * `stop()` shuts the server down (fast mode: open connections are ended) and removes the dir;
 * `halt()` and `resume()` stop it and start it again on the same port and data (a restart, as
 * an outage of a plant's database server looks to its clients).
 *
 * PostgreSQL refuses to run as root; under root the harness runs it as the `postgres` user
 * (Debian's package creates it) through `runuser`, owning the temp dir.
 *
 * Run by hand: `npm run postgres` (test/harness/cli.ts).
 */
import { execFile } from 'node:child_process'
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { freePort } from './ports.ts'
import { startServiceProcess, waitUntilReady, type ServiceProcess } from './service-process.ts'

const execFileAsync = promisify(execFile)

export interface PostgresOptions {
  /** A free port by default. */
  port?: number
  /** The database to create besides `postgres`; `cockpit` by default. */
  database?: string
}

export interface PostgresServer {
  host: '127.0.0.1'
  port: number
  user: string
  password: string
  database: string
  /** postgres://user:password@127.0.0.1:port/database */
  url: string
  /** The URL of another database on this server. */
  urlOf(database: string): string
  /** Creates an empty database (owned by the superuser) and returns its URL. */
  createDatabase(name: string): Promise<string>
  stop(): Promise<void>
  /** Shuts the server down (fast mode) keeping its data dir; `resume()` starts it again. */
  halt(): Promise<void>
  /** Starts a halted server again on the same port with the same data; resolves when it answers. */
  resume(): Promise<void>
}

const USER = 'cockpit'
const PASSWORD = 'cockpit-test'

/** The directory holding `initdb` and `postgres`: the PATH's /usr/local/bin ones first, then Debian's newest. */
export function postgresBinDir(): string {
  const candidates = ['/usr/local/bin/initdb', '/usr/bin/initdb']
  for (const candidate of candidates) if (existsSync(candidate)) return join(realpathSync(candidate), '..')
  const debian = '/usr/lib/postgresql'
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((name) => existsSync(join(debian, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : []
  if (versions[0] !== undefined) return join(debian, versions[0], 'bin')
  throw new Error('PostgreSQL is not installed: no initdb in /usr/local/bin, /usr/bin or /usr/lib/postgresql/*/bin (Debian: apt-get install postgresql)')
}

/** Under root, commands run as `postgres` (which must exist); otherwise as the current user. */
function asServerUser(command: string, args: string[]): { command: string; args: string[]; owner?: { uid: number; gid: number } } {
  if (process.getuid?.() !== 0) return { command, args }
  const owner = postgresUserIds()
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser'].find((path) => existsSync(path))
  if (runuser !== undefined) return { command: runuser, args: ['-u', 'postgres', '--', command, ...args], owner }
  const quoted = [command, ...args].map((arg) => `'${arg.replaceAll("'", `'\\''`)}'`).join(' ')
  return { command: 'su', args: ['postgres', '-s', '/bin/sh', '-c', quoted], owner }
}

/** The uid and gid of the `postgres` user, from /etc/passwd (name:x:uid:gid:…). */
function postgresUserIds(): { uid: number; gid: number } {
  let passwd = ''
  try {
    passwd = readFileSync('/etc/passwd', 'utf8')
  } catch {
    // reported below
  }
  const fields = passwd.split('\n').find((entry) => entry.startsWith('postgres:'))?.split(':')
  if (fields === undefined || fields.length < 4) throw new Error("running as root, PostgreSQL must run as the 'postgres' user, which does not exist (Debian: apt-get install postgresql creates it)")
  return { uid: Number(fields[2]), gid: Number(fields[3]) }
}

function chownTree(path: string, owner: { uid: number; gid: number }): void {
  chownSync(path, owner.uid, owner.gid)
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name)
    if (entry.isDirectory()) chownTree(child, owner)
    else chownSync(child, owner.uid, owner.gid)
  }
}

export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
  const bin = postgresBinDir()
  const database = options.database ?? 'cockpit'
  const workDir = mkdtempSync(join(tmpdir(), 'postgres-harness-'))
  const removeWorkDir = (): void => rmSync(workDir, { recursive: true, force: true })
  const dataDir = join(workDir, 'data')
  const socketDir = join(workDir, 'socket')
  mkdirSync(socketDir)
  const pwFile = join(workDir, 'password')
  writeFileSync(pwFile, `${PASSWORD}\n`, { mode: 0o600 })

  const initdb = asServerUser(join(bin, 'initdb'), [
    '--pgdata', dataDir,
    '--username', USER,
    '--pwfile', pwFile,
    '--auth', 'scram-sha-256',
    '--encoding', 'UTF8',
    // C collation: text sorts by code point, as in SQLite, whatever the machine's locale.
    '--locale', 'C',
    '--no-sync',
  ])
  if (initdb.owner !== undefined) chownTree(workDir, initdb.owner)
  try {
    await execFileAsync(initdb.command, initdb.args, { env: { ...process.env, LC_ALL: 'C' } })
  } catch (error) {
    removeWorkDir()
    const detail = error as { stderr?: string; message: string }
    throw new Error(`initdb failed: ${detail.stderr?.trim() || detail.message}`)
  }

  const attempts = options.port === undefined ? 3 : 1
  const launch = async (port: number, logName: string): Promise<ServiceProcess> => {
    const server = asServerUser(join(bin, 'postgres'), [
      '-D', dataDir,
      '-c', `port=${port}`,
      '-c', 'listen_addresses=127.0.0.1',
      '-c', `unix_socket_directories=${socketDir}`,
      // A test server: losing it on a power cut is fine, waiting for the disk is not.
      '-c', 'fsync=off',
      '-c', 'synchronous_commit=off',
      '-c', 'full_page_writes=off',
      '-c', 'max_connections=200',
    ])
    const service = startServiceProcess({
      name: `PostgreSQL on port ${port}`,
      command: server.command,
      args: server.args,
      cwd: workDir,
      env: { ...process.env, LC_ALL: 'C' },
      logFile: join(workDir, logName),
    })
    const admin = { host: '127.0.0.1', port, user: USER, password: PASSWORD }
    await waitUntilReady(service, () => answers({ ...admin, database: 'postgres' }), 60_000).catch(async (error: unknown) => {
      await service.stop(2_000)
      throw Object.assign(error as Error, { logTail: service.logTail() })
    })
    return service
  }
  // SIGINT is PostgreSQL's fast shutdown: it ends open sessions instead of waiting for them.
  const shutDown = async (service: ServiceProcess): Promise<void> => {
    if (service.child.pid !== undefined && service.child.exitCode === null) {
      try {
        process.kill(-service.child.pid, 'SIGINT')
      } catch {
        // gone already
      }
    }
    await service.stop(10_000)
  }
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort())
    let service: ServiceProcess | undefined
    try {
      service = await launch(port, `postgres-${attempt}.log`)
    } catch (error) {
      if (attempt < attempts && /already in use/i.test((error as { logTail?: string }).logTail ?? '')) continue
      removeWorkDir()
      throw error
    }
    const admin = { host: '127.0.0.1', port, user: USER, password: PASSWORD }
    const urlOf = (name: string): string => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${name}`
    const createDatabase = async (name: string): Promise<string> => {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain database name: ${name}`)
      const client = new pg.Client({ ...admin, database: 'postgres' })
      await client.connect()
      try {
        await client.query(`CREATE DATABASE ${name}`)
      } finally {
        await client.end()
      }
      return urlOf(name)
    }
    await createDatabase(database)
    let restarts = 0
    return {
      host: '127.0.0.1',
      port,
      user: USER,
      password: PASSWORD,
      database,
      url: urlOf(database),
      urlOf,
      createDatabase,
      async stop() {
        if (service !== undefined) await shutDown(service)
        service = undefined
        removeWorkDir()
      },
      async halt() {
        if (service !== undefined) await shutDown(service)
        service = undefined
      },
      async resume() {
        if (service !== undefined) return
        service = await launch(port, `postgres-restart-${++restarts}.log`)
      },
    }
  }
}

async function answers(config: pg.ClientConfig): Promise<boolean> {
  const client = new pg.Client({ ...config, connectionTimeoutMillis: 2_000 })
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } finally {
    await client.end().catch(() => undefined)
  }
}
