/**
 * A real S3-compatible server for tests and local use: moto's standalone server
 * (https://pypi.org/project/moto/), a Python process speaking the S3 REST protocol over HTTP.
 * Moto comes from PyPI into the git-ignored venv `.cache/s3-venv` (./python-venv.ts), installed
 * on first use at a pinned version. A vitest globalSetup should call
 * `ensureS3Server()` once so that workers do not queue on the install lock.

 * Run by hand: `npm run s3` (test/harness/cli.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './ports.ts'
import { ensurePythonTool, pythonEnv, repoRoot, type PythonTool } from './python-venv.ts'
import { startServiceProcess, waitUntilReady } from './service-process.ts'

/** Bump deliberately; a changed pin makes `ensureS3Server` rebuild the venv. */
export const MOTO_VERSION = '5.2.1'
/** moto 5.2 declares Requires-Python >=3.10. */
const MIN_PYTHON: [number, number] = [3, 10]

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

const moto: PythonTool = {
  venv: 's3-venv',
  requirements: [`moto[server]==${MOTO_VERSION}`],
  minPython: MIN_PYTHON,
  purpose: 'The S3 test server (moto)',
  // The marker of venvs built before the shared installer, so that they stay valid.
  marker: { file: '.moto-version', text: MOTO_VERSION },
}

/** Returns the venv's python with moto installed, installing it first when needed. */
export async function ensureS3Server(): Promise<string> {
  return (await ensurePythonTool(moto)).python
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
