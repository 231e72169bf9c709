/**
 * A small pool of long-lived sandbox workers. Each runs one query at a time; requests beyond
 * that wait in a bounded queue. A worker that does not answer within the query's time limit
 * plus a grace period is killed (SIGKILL) and replaced, as is one that dies for any other
 * reason; a worker that cannot even start (no namespaces on this host) makes the service
 * answer `sandbox_unavailable` with the cause instead of looping.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { SqlError } from './sql-errors.ts'
import { MOUNT_FAILED_EXIT, type WorkerCommand } from './worker-launch.ts'
import type { QueryOutput, WorkerReply, WorkerRequest } from './worker-protocol.ts'

export interface WorkerPoolOptions {
  size: number
  command: WorkerCommand
  /** How long after its time limit a query may take to stop before its worker is killed. */
  graceMs: number
  /** Requests waiting for a free worker beyond this many are refused as `busy`. */
  maxQueue: number
  /** How long a new worker may take to load before it counts as failed to start. */
  startTimeoutMs?: number
  /** Told of every worker that exits; `closing` when the pool is being closed. */
  onWorkerExit?: (info: { pid?: number; code: number | null; signal: NodeJS.Signals | null; stderr: string; closing: boolean }) => void
}

export type PoolRequest = Omit<WorkerRequest, 'type' | 'id'>

interface Job {
  request: PoolRequest
  resolve(output: QueryOutput): void
  reject(error: SqlError): void
}

interface Worker {
  child: ChildProcess
  ready: boolean
  job?: Job & { id: number; timer: NodeJS.Timeout; killedForTimeout: boolean }
  stderr: string
}

export class WorkerPool {
  private readonly workers = new Set<Worker>()
  private readonly queue: Job[] = []
  private nextId = 1
  private closing = false

  constructor(private readonly options: WorkerPoolOptions) {}

  /** Process ids of the live workers (for tests and diagnostics). */
  pids(): number[] {
    return [...this.workers].flatMap((worker) => (worker.child.pid === undefined ? [] : [worker.child.pid]))
  }

  run(request: PoolRequest): Promise<QueryOutput> {
    if (this.closing) return Promise.reject(new SqlError('sandbox_unavailable', 'the SQL service is shutting down'))
    if (this.queue.length >= this.options.maxQueue) {
      return Promise.reject(new SqlError('busy', `the SQL service is busy (${this.queue.length} queries waiting); try again shortly`))
    }
    return new Promise<QueryOutput>((resolve, reject) => {
      this.queue.push({ request, resolve, reject })
      this.fill()
      this.dispatch()
    })
  }

  /** Starts the workers now rather than at the first query. */
  warm(): void {
    this.fill()
  }

  async close(): Promise<void> {
    this.closing = true
    for (const job of this.queue.splice(0)) job.reject(new SqlError('sandbox_unavailable', 'the SQL service is shutting down'))
    await Promise.all([...this.workers].map((worker) => stopWorker(worker.child)))
  }

  private fill(): void {
    while (!this.closing && this.workers.size < this.options.size) this.spawnWorker()
  }

  private spawnWorker(): void {
    const { command, args } = this.options.command
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' })
    const worker: Worker = { child, ready: false, stderr: '' }
    this.workers.add(worker)
    child.stderr?.on('data', (chunk: Buffer) => (worker.stderr = (worker.stderr + chunk.toString()).slice(-4000)))
    const startTimer = setTimeout(() => child.kill('SIGKILL'), this.options.startTimeoutMs ?? 60_000)
    child.on('message', (message: WorkerReply) => {
      if (message.type === 'ready') {
        clearTimeout(startTimer)
        worker.ready = true
        this.dispatch()
        return
      }
      this.finish(worker, message)
    })
    child.on('error', (error) => (worker.stderr += `\n${error.message}`))
    child.on('exit', (code, signal) => {
      clearTimeout(startTimer)
      this.workers.delete(worker)
      this.options.onWorkerExit?.({ pid: child.pid, code, signal, stderr: worker.stderr, closing: this.closing })
      if (!worker.ready) return this.failStart(worker, code)
      this.failRunning(worker, code, signal)
      // Replace it at once, so the next query does not wait for a worker to load.
      this.fill()
      this.dispatch()
    })
  }

  private dispatch(): void {
    for (const worker of this.workers) {
      if (!worker.ready || worker.job !== undefined || !worker.child.connected) continue
      const job = this.queue.shift()
      if (job === undefined) return
      const id = this.nextId++
      const timer = setTimeout(() => {
        worker.job!.killedForTimeout = true
        // A worker that already exited gets no second exit event: settle the query here.
        if (!worker.child.kill('SIGKILL') && worker.child.exitCode !== null) this.failRunning(worker, worker.child.exitCode, null)
      }, job.request.timeoutMs + this.options.graceMs)
      worker.job = { ...job, id, timer, killedForTimeout: false }
      worker.child.send({ type: 'query', id, ...job.request } satisfies WorkerRequest)
    }
  }

  private finish(worker: Worker, message: Exclude<WorkerReply, { type: 'ready' }>): void {
    const job = worker.job
    if (job === undefined || job.id !== message.id) return
    clearTimeout(job.timer)
    worker.job = undefined
    if (message.type === 'result') job.resolve(message.output)
    else job.reject(SqlError.fromBody(message.error))
    this.dispatch()
  }

  private failRunning(worker: Worker, code: number | null, signal: NodeJS.Signals | null): void {
    const job = worker.job
    if (job === undefined) return
    clearTimeout(job.timer)
    worker.job = undefined
    if (job.killedForTimeout) {
      job.reject(new SqlError('timeout', `the query ran longer than ${job.request.timeoutMs} ms and did not stop when interrupted; its worker was killed`))
      return
    }
    const how = signal === null ? `exit status ${code}` : `signal ${signal}`
    job.reject(new SqlError('query_failed', `the sandbox worker running this query died (${how}), probably out of memory; it was replaced`))
  }

  /** A worker died before it was ready: the sandbox cannot start here; say why, do not loop. */
  private failStart(worker: Worker, code: number | null): void {
    const cause = code === MOUNT_FAILED_EXIT ? 'a read-only bind mount of the catalog failed' : lastLine(worker.stderr) || `exit status ${code}`
    if ([...this.workers].some((other) => other.ready)) return
    const message =
      `the SQL sandbox could not start its worker: ${cause}. The sandbox needs unprivileged user and mount namespaces (unshare); ` +
      `see docs/sql-service.md, or set COCKPIT_SQL_ISOLATION=process to accept the weaker process-only sandbox`
    for (const job of this.queue.splice(0)) job.reject(new SqlError('sandbox_unavailable', message))
  }
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  if (child.connected) child.disconnect()
  const killTimer = setTimeout(() => child.kill('SIGKILL'), 2_000)
  await exited
  clearTimeout(killTimer)
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? ''
}
