/**
 * Schemathesis (https://pypi.org/project/schemathesis/), the schema-driven API fuzzer, from
 * PyPI into the git-ignored venv `.cache/schemathesis-venv` on first use (./python-venv.ts), and
 * a runner for its CLI against a served cockpit's OpenAPI document.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { ensurePythonTool, pythonEnv, type PythonTool } from './python-venv.ts'

/** Bump deliberately; a changed pin rebuilds the venv. */
export const SCHEMATHESIS_VERSION = '4.32.5'

const schemathesis: PythonTool = {
  venv: 'schemathesis-venv',
  requirements: [`schemathesis==${SCHEMATHESIS_VERSION}`],
  // Schemathesis 4 declares Requires-Python >=3.9.
  minPython: [3, 9],
  purpose: 'The API fuzz test (Schemathesis)',
}

export async function ensureSchemathesis(): Promise<string> {
  const { bin } = await ensurePythonTool(schemathesis)
  return join(bin, process.platform === 'win32' ? 'schemathesis.exe' : 'schemathesis')
}

export interface FuzzOptions {
  /** URL of the OpenAPI document. */
  schema: string
  /** Headers sent with every request, e.g. Authorization. */
  headers: Record<string, string>
  /** Schemathesis checks, e.g. not_a_server_error. */
  checks: string[]
  maxExamples: number
  seed: number
  /** Extra CLI arguments. */
  args?: string[]
  timeoutMs: number
  /** Working folder: Schemathesis writes its reports here. */
  cwd: string
}

export interface FuzzRun {
  exitCode: number | null
  output: string
}

export async function runSchemathesis(options: FuzzOptions): Promise<FuzzRun> {
  const command = await ensureSchemathesis()
  const args = [
    'run',
    options.schema,
    '--checks',
    options.checks.join(','),
    '--max-examples',
    String(options.maxExamples),
    '--seed',
    String(options.seed),
    ...Object.entries(options.headers).flatMap(([name, value]) => ['--header', `${name}: ${value}`]),
    '--generation-database',
    'none',
    '--no-color',
    ...(options.args ?? []),
  ]
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...pythonEnv(), NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false', NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', (error) => reject(new Error(`could not run ${command}: ${error.message}`)))
    child.on('close', (exitCode) => resolve({ exitCode, output }))
  })
}
