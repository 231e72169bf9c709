/**
 * A child process the harness owns: started in its own process group so that stopping it
 * also stops whatever it spawned, with its output kept in a log file for when a start fails.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'

export interface ServiceProcessOptions {
  /** Shown in errors, e.g. "kafka". */
  name: string
  command: string
  args: string[]
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** Where stdout and stderr go; the tail is quoted when the service fails to start. */
  logFile: string
}

export interface ServiceProcess {
  readonly name: string
  readonly child: ChildProcess
  /** Resolves when the process has exited; never rejects. */
  readonly exited: Promise<number | null>
  /** The last lines of the log, for error messages. */
  logTail(lines?: number): string
  /** SIGTERM to the whole group, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>
}

export function startServiceProcess(options: ServiceProcessOptions): ServiceProcess {
  mkdirSync(dirname(options.logFile), { recursive: true })
  const log = createWriteStream(options.logFile)
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.pipe(log, { end: false })
  child.stderr?.pipe(log, { end: false })
  const exited = new Promise<number | null>((resolve) => {
    child.on('error', (error) => {
      log.write(`\n[harness] could not start ${options.command}: ${error.message}\n`)
      resolve(null)
    })
    child.on('exit', (code) => resolve(code))
  })

  const logTail = (lines = 30): string => {
    try {
      return readFileSync(options.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
    } catch {
      return '(no log)'
    }
  }

  const signal = (sig: NodeJS.Signals): void => {
    if (child.pid === undefined || child.exitCode !== null) return
    try {
      process.kill(-child.pid, sig)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
    }
  }

  const stop = async (graceMs = 10_000): Promise<void> => {
    signal('SIGTERM')
    const timer = setTimeout(() => signal('SIGKILL'), graceMs)
    await exited
    clearTimeout(timer)
    log.end()
  }

  return { name: options.name, child, exited, logTail, stop }
}

/**
 * Polls `probe` until it resolves true, the process exits, or `timeoutMs` passes.
 * Errors name the service and quote its log so a failed start explains itself.
 */
export async function waitUntilReady(
  service: ServiceProcess,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let exitCode: number | null | undefined
  void service.exited.then((code) => {
    exitCode = code
  })
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`${service.name} exited with code ${exitCode} before it was ready:\n${service.logTail()}`)
    }
    if (await probe().catch(() => false)) return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  await service.stop(2_000)
  throw new Error(`${service.name} was not ready within ${timeoutMs} ms:\n${service.logTail()}`)
}
