/**
 * A real S3-compatible server for tests and local use: moto's standalone server
 * (https://pypi.org/project/moto/), a Python process speaking the S3 REST protocol over HTTP.
 * Moto comes from PyPI into the git-ignored venv `.cache/s3-venv`, installed on first use, so
 * every machine runs the same pinned version whatever its global Python holds. The venv is built
 * with `python3` from PATH, or the interpreter named by PYTHON3. A vitest globalSetup should call
 * `ensureS3Server()` once so that workers do not queue on the install lock.

 * Run by hand: `npm run s3` (test/harness/cli.ts).
 */
import { spawn } from 'node:child_process'
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from './ports.ts'
import { startServiceProcess, waitUntilReady } from './service-process.ts'

/** Bump deliberately; a changed pin makes `ensureS3Server` rebuild the venv. */
export const MOTO_VERSION = '5.2.1'
/** moto 5.2 declares Requires-Python >=3.10. */
const MIN_PYTHON: [number, number] = [3, 10]

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const venvDir = join(repoRoot, '.cache', 's3-venv')
/** Written last by a successful install, so a half-built venv is never mistaken for a good one. */
const markerFile = join(venvDir, '.moto-version')
const lockFile = `${venvDir}.lock`
const venvPython =
  process.platform === 'win32' ? join(venvDir, 'Scripts', 'python.exe') : join(venvDir, 'bin', 'python')

export interface S3Options {
  /** A free port by default. */
  port?: number
  /** moto's request log and errors; by default inside a temp dir that stop() removes. */
  logFile?: string
}

export interface S3Server {
  /** e.g. http://127.0.0.1:41234 */
  endpoint: string
  region: 'us-east-1'
  accessKeyId: string
  secretAccessKey: string
  stop(): Promise<void>
}

let installing: Promise<string> | undefined

/** Returns the venv's python with moto installed, installing it first when needed. */
export function ensureS3Server(): Promise<string> {
  installing ??= ensureInstalled().catch((error: unknown) => {
    installing = undefined // let a later call retry, e.g. after the network is back
    throw error
  })
  return installing
}

async function ensureInstalled(): Promise<string> {
  if (isInstalled()) return venvPython
  // Several vitest workers may get here at once; only one may build the venv.
  return withInstallLock(async () => {
    if (isInstalled()) return venvPython
    const python = await findSystemPython()
    rmSync(venvDir, { recursive: true, force: true })
    await run(python, ['-m', 'venv', venvDir], 'creating the venv', 120_000)
    await run(
      venvPython,
      ['-m', 'pip', 'install', '--no-input', '--disable-pip-version-check', `moto[server]==${MOTO_VERSION}`],
      `pip install moto[server]==${MOTO_VERSION} (needs access to PyPI or a configured mirror)`,
      600_000,
    )
    writeFileSync(markerFile, MOTO_VERSION)
    return venvPython
  })
}

function isInstalled(): boolean {
  try {
    return readFileSync(markerFile, 'utf8').trim() === MOTO_VERSION && existsSync(venvPython)
  } catch {
    return false
  }
}

async function findSystemPython(): Promise<string> {
  const python = process.env.PYTHON3 ?? 'python3'
  let version: string
  try {
    version = (await run(python, ['-c', 'import sys, venv; print("%d.%d" % sys.version_info[:2])'], 'python3 check', 30_000)).trim()
  } catch (error) {
    throw new Error(
      `The S3 test server (moto) needs Python >= ${MIN_PYTHON.join('.')} with the venv module, ` +
        `but \`${python}\` failed. Install python3 (Debian/Ubuntu: apt-get install python3 python3-venv) ` +
        `or point PYTHON3 at an interpreter.\n${(error as Error).message}`,
    )
  }
  const [major = 0, minor = 0] = version.split('.').map(Number)
  if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
    throw new Error(
      `The S3 test server needs Python >= ${MIN_PYTHON.join('.')} (moto ${MOTO_VERSION}); \`${python}\` is ${version}. ` +
        'Point PYTHON3 at a newer interpreter.',
    )
  }
  return python
}

/** An exclusive lock file holding the owner's pid; a lock whose owner died is taken over. */
async function withInstallLock<T>(body: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(lockFile), { recursive: true })
  const deadline = Date.now() + 15 * 60_000
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    if (lockIsStale()) {
      rmSync(lockFile, { force: true })
      continue
    }
    if (Date.now() > deadline) throw new Error(`gave up waiting for another moto install to finish (lock ${lockFile})`)
    await sleep(500)
  }
  try {
    return await body()
  } finally {
    rmSync(lockFile, { force: true })
  }
}

function lockIsStale(): boolean {
  try {
    const pid = Number(readFileSync(lockFile, 'utf8'))
    // An empty file is a lock being written right now, unless it has been empty for a while.
    if (!Number.isInteger(pid) || pid <= 0) return Date.now() - statSync(lockFile).mtimeMs > 10_000
    process.kill(pid, 0)
    return false
  } catch (error) {
    // ESRCH: the owner is gone. ENOENT: the lock was just released. Either way, try again.
    const code = (error as NodeJS.ErrnoException).code
    return code === 'ESRCH' || code === 'ENOENT'
  }
}

/** Runs a command to completion, returning stdout; rejects with the output's tail on failure. */
function run(command: string, args: string[], what: string, timeoutMs: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: repoRoot,
      env: { ...pythonEnv(), PIP_DISABLE_PIP_VERSION_CHECK: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    })
    let stdout = ''
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      output += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.on('error', (error) => reject(new Error(`${what}: could not run ${command}: ${error.message}`)))
    child.on('close', (code, signal) => {
      if (code === 0) resolvePromise(stdout)
      else {
        const tail = output.trimEnd().split('\n').slice(-20).join('\n')
        reject(new Error(`${what} failed (${signal ?? `exit code ${code}`}):\n${tail}`))
      }
    })
  })
}

/** The parent's environment minus what would make the venv's Python load other packages. */
function pythonEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  delete env.PYTHONHOME
  delete env.PYTHONPATH
  delete env.VIRTUAL_ENV
  return env
}

const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const

/**
 * Starts moto on 127.0.0.1 and waits until it answers S3 requests. Its data lives in memory
 * only, so every server starts empty and `stop()` discards everything.
 */
export async function startS3(options: S3Options = {}): Promise<S3Server> {
  const python = await ensureS3Server()
  // Like the Kafka harness: output goes to a temp dir that a clean stop() removes.
  const workDir = mkdtempSync(join(tmpdir(), 's3-harness-'))
  const removeWorkDir = (): void => rmSync(workDir, { recursive: true, force: true })
  // A port from freePort() can be taken by someone else before moto binds it; then try another.
  const attempts = options.port === undefined ? 3 : 1
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort())
    const endpoint = `http://127.0.0.1:${port}`
    const service = startServiceProcess({
      name: `moto S3 server on port ${port}`,
      command: python,
      args: ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)],
      cwd: repoRoot,
      env: {
        ...pythonEnv(),
        PYTHONUNBUFFERED: '1',
        // moto needs no network for S3; keep botocore from probing EC2 instance metadata
        // and from picking up a developer's real AWS profile or proxy.
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        NO_PROXY: '*',
        no_proxy: '*',
        // Skips loading the large EC2 AMI catalogue, which S3 does not use.
        MOTO_EC2_LOAD_DEFAULT_AMIS: 'false',
      },
      logFile: options.logFile ?? join(workDir, `moto-${attempt}.log`),
    })
    try {
      await waitUntilReady(service, () => answersListBuckets(endpoint), 60_000)
    } catch (error) {
      await service.stop(2_000)
      if (attempt < attempts && /Address already in use/i.test(service.logTail())) continue
      removeWorkDir()
      throw error
    }
    return {
      endpoint,
      region: 'us-east-1',
      ...CREDENTIALS,
      async stop() {
        await service.stop(5_000)
        removeWorkDir()
      },
    }
  }
}

/** True when the port answers an (unsigned) ListBuckets like moto, not just any HTTP server. */
async function answersListBuckets(endpoint: string): Promise<boolean> {
  const response = await fetch(`${endpoint}/`, { signal: AbortSignal.timeout(2_000) })
  const body = await response.text()
  return response.ok && body.includes('ListAllMyBucketsResult')
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolvePromise) => setTimeout(resolvePromise, ms))
}
