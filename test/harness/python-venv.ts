/**
 * Python tools from PyPI for tests — moto's S3 server, Schemathesis — each in its own
 * git-ignored venv under `.cache/`, installed on first use at a pinned version, so every machine
 * runs the same tool whatever its global Python holds. The venv is built with `python3` from
 * PATH, or the interpreter named by PYTHON3. Several vitest workers may ask at once: one
 * installs under a lock file, the others wait; a marker written last tells a finished venv from
 * a half-built one, and a changed pin rebuilds it.
 */
import { spawn } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

export interface PythonTool {
  /** Folder name under .cache, e.g. `s3-venv`. */
  venv: string
  /** pip requirements, pinned: `moto[server]==5.2.1`. */
  requirements: string[]
  /** Oldest Python the tool supports. */
  minPython: [number, number]
  /** What the tool is for, in error messages. */
  purpose: string
  /** The marker file and its text (default `.installed` holding the requirements). */
  marker?: { file: string; text: string }
}

export interface InstalledTool {
  python: string
  /** The venv's bin folder (console scripts such as `schemathesis` live here). */
  bin: string
}

const installs = new Map<string, Promise<InstalledTool>>()

export function ensurePythonTool(tool: PythonTool): Promise<InstalledTool> {
  let installing = installs.get(tool.venv)
  if (installing === undefined) {
    installing = ensureInstalled(tool).catch((error: unknown) => {
      installs.delete(tool.venv) // let a later call retry, e.g. after the network is back
      throw error
    })
    installs.set(tool.venv, installing)
  }
  return installing
}

function paths(tool: PythonTool): { venvDir: string; python: string; bin: string; marker: string; lock: string } {
  const venvDir = join(repoRoot, '.cache', tool.venv)
  const bin = process.platform === 'win32' ? join(venvDir, 'Scripts') : join(venvDir, 'bin')
  return { venvDir, bin, python: join(bin, process.platform === 'win32' ? 'python.exe' : 'python'), marker: join(venvDir, tool.marker?.file ?? '.installed'), lock: `${venvDir}.lock` }
}

async function ensureInstalled(tool: PythonTool): Promise<InstalledTool> {
  const where = paths(tool)
  const pin = tool.requirements.join(' ')
  const markerText = tool.marker?.text ?? pin
  const installed = (): boolean => {
    try {
      return readFileSync(where.marker, 'utf8').trim() === markerText && existsSync(where.python)
    } catch {
      return false
    }
  }
  const result = { python: where.python, bin: where.bin }
  if (installed()) return result
  return withInstallLock(where.lock, async () => {
    if (installed()) return result
    const python = await findSystemPython(tool)
    rmSync(where.venvDir, { recursive: true, force: true })
    await runPython(python, ['-m', 'venv', where.venvDir], 'creating the venv', 120_000)
    await runPython(
      where.python,
      ['-m', 'pip', 'install', '--no-input', '--disable-pip-version-check', ...tool.requirements],
      `pip install ${pin} (needs access to PyPI or a configured mirror)`,
      600_000,
    )
    writeFileSync(where.marker, markerText)
    return result
  })
}

async function findSystemPython(tool: PythonTool): Promise<string> {
  const python = process.env.PYTHON3 ?? 'python3'
  const min = tool.minPython.join('.')
  let version: string
  try {
    version = (await runPython(python, ['-c', 'import sys, venv; print("%d.%d" % sys.version_info[:2])'], 'python3 check', 30_000)).trim()
  } catch (error) {
    throw new Error(
      `${tool.purpose} needs Python >= ${min} with the venv module, but \`${python}\` failed. ` +
        `Install python3 (Debian/Ubuntu: apt-get install python3 python3-venv) or point PYTHON3 at an interpreter.\n${(error as Error).message}`,
    )
  }
  const [major = 0, minor = 0] = version.split('.').map(Number)
  if (major < tool.minPython[0] || (major === tool.minPython[0] && minor < tool.minPython[1])) {
    throw new Error(`${tool.purpose} needs Python >= ${min} (${tool.requirements.join(' ')}); \`${python}\` is ${version}. Point PYTHON3 at a newer interpreter.`)
  }
  return python
}

/** An exclusive lock file holding the owner's pid; a lock whose owner died is taken over. */
async function withInstallLock<T>(lockFile: string, body: () => Promise<T>): Promise<T> {
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
    if (lockIsStale(lockFile)) {
      rmSync(lockFile, { force: true })
      continue
    }
    if (Date.now() > deadline) throw new Error(`gave up waiting for another install to finish (lock ${lockFile})`)
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 500))
  }
  try {
    return await body()
  } finally {
    rmSync(lockFile, { force: true })
  }
}

function lockIsStale(lockFile: string): boolean {
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
export function runPython(command: string, args: string[], what: string, timeoutMs: number, env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: repoRoot,
      env: { ...pythonEnv(), PIP_DISABLE_PIP_VERSION_CHECK: '1', ...env },
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
        const tail = output.trimEnd().split('\n').slice(-40).join('\n')
        reject(new Error(`${what} failed (${signal ?? `exit code ${code}`}):\n${tail}`))
      }
    })
  })
}

/** The parent's environment minus what would make the venv's Python load other packages. */
export function pythonEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  delete env.PYTHONHOME
  delete env.PYTHONPATH
  delete env.VIRTUAL_ENV
  return env
}
