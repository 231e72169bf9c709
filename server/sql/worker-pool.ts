/**
 * A small pool of long-lived sandbox workers. Each runs one query at a time; requests beyond
 * that wait in a fair queue (./fair-queue.ts): per user, at most `perUser` running, round-robin
 * between users, bounded — a full queue answers `busy` with a Retry-After. A query whose
 * client goes away (its AbortSignal) leaves the queue, or is interrupted where it runs. A worker
 * that does not answer within the query's time limit — or soon after a cancel — plus a grace
 * period is killed (SIGKILL) and replaced, as is one that dies for any other reason; a worker
 * that cannot even start (no namespaces on this host) makes the service answer
 * `sandbox_unavailable` with the cause instead of looping.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { FairQueue } from './fair-queue.ts'
import { cancelledError, SqlBusyError, SqlError } from './sql-errors.ts'
import { MOUNT_FAILED_EXIT, type WorkerCommand } from './worker-launch.ts'
import type { QueryOutput, WorkerMessage, WorkerReply, WorkerRequest } from './worker-protocol.ts'

export interface WorkerPoolOptions {
  size: number
  command: WorkerCommand
  /** How long after its time limit, or after a cancel, a query may take to stop before its worker is killed. */
  graceMs: number
  /** Requests waiting for a free worker, all users together, beyond this many are refused as `busy`. */
  maxQueue: number
  /** Requests of one user waiting beyond this many are refused as `busy` (default: maxQueue). */
  maxQueuedPerUser?: number
  /** Queries one user may have running at once (default: all workers). */
  perUser?: number
  /** How long a new worker may take to load before it counts as failed to start. */
  startTimeoutMs?: number
  /** Told of every worker that exits; `closing` when the pool is being closed. */
  onWorkerExit?: (info: { pid?: number; code: number | null; signal: NodeJS.Signals | null; stderr: string; closing: boolean }) => void
}

export type PoolRequest = Omit<WorkerRequest, 'type' | 'id'>

export interface RunOptions {
  /** Whose query this is: the fair queue's unit (default: one shared anonymous user). */
  user?: string
  /** Aborted when the client goes away: the query leaves the queue or is interrupted. */
  signal?: AbortSignal
}

/** What the pool is doing, for /api/metrics and tests. */
export interface PoolStats {
  workers: number
  running: number
  queued: number
  /** Users with queries running or waiting. */
  users: number
  /** Queries whose client went away before they ended, since start. */
  cancelled: number
  /** Queries refused as `busy`, since start. */
  refused: number
}

interface Job {
  request: PoolRequest
  user: string
  resolve(output: QueryOutput): void
  reject(error: SqlError): void
}

interface Running {
  job: Job
  id: number
  /** Kills the worker if it has not answered by then (time limit or cancel, plus grace). */
  timer: NodeJS.Timeout
  /** When the worker is free at the latest: the basis of Retry-After. */
  deadline: number
  /** Why the pool asked the query to stop, if it did. */
  stop?: 'timeout' | 'cancelled'
}

interface Worker {
  child: ChildProcess
  ready: boolean
  job?: Running
  stderr: string
}

const ANONYMOUS = ''

export class WorkerPool {
  private readonly workers = new Set<Worker>()
  private readonly queue: FairQueue<Job>
  private nextId = 1
  private closing = false
  private cancelled = 0
  private refused = 0

  constructor(private readonly options: WorkerPoolOptions) {
    this.queue = new FairQueue({ perUser: options.perUser ?? options.size, maxQueuedPerUser: options.maxQueuedPerUser ?? options.maxQueue, maxQueued: options.maxQueue })
  }

  /** Process ids of the live workers (for tests and diagnostics). */
  pids(): number[] {
    return [...this.workers].flatMap((worker) => (worker.child.pid === undefined ? [] : [worker.child.pid]))
  }

  stats(): PoolStats {
    const { queued, running, users } = this.queue.size
    return { workers: this.workers.size, running, queued, users, cancelled: this.cancelled, refused: this.refused }
  }

  run(request: PoolRequest, options: RunOptions = {}): Promise<QueryOutput> {
    if (this.closing) return Promise.reject(new SqlError('sandbox_unavailable', 'the SQL service is shutting down'))
    const { user = ANONYMOUS, signal } = options
    if (signal?.aborted === true) {
      this.cancelled++
      return Promise.reject(cancelledError())
    }
    return new Promise<QueryOutput>((resolve, reject) => {
      const onAbort = (): void => this.cancel(job)
      const job: Job = {
        request,
        user,
        resolve: (output) => {
          signal?.removeEventListener('abort', onAbort)
          resolve(output)
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort)
          reject(error)
        },
      }
      const refusal = this.queue.offer(user, job)
      if (refusal !== undefined) {
        this.refused++
        const whose = refusal === 'user-queue-full' ? `you have ${this.queue.queuedOf(user)} queries waiting already` : `${this.queue.size.queued} queries are waiting`
        reject(new SqlBusyError(`the SQL service is busy (${whose}); try again shortly`, this.retryAfterSeconds(refusal === 'user-queue-full' ? user : undefined)))
        return
      }
      signal?.addEventListener('abort', onAbort, { once: true })
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
    for (const job of this.queue.drain()) job.reject(new SqlError('sandbox_unavailable', 'the SQL service is shutting down'))
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

  /** Gives each idle worker the next query in fair order. */
  private dispatch(): void {
    for (const worker of this.workers) {
      if (!worker.ready || worker.job !== undefined || !worker.child.connected) continue
      const next = this.queue.take()
      if (next === undefined) return
      const job = next.item
      const id = this.nextId++
      const limitMs = job.request.timeoutMs + this.options.graceMs
      worker.job = { job, id, deadline: Date.now() + limitMs, timer: setTimeout(() => this.kill(worker, 'timeout'), limitMs) }
      worker.child.send({ type: 'query', id, ...job.request } satisfies WorkerMessage)
    }
  }

  /** The client of a query went away: drop it from the queue, or stop it where it runs. */
  private cancel(job: Job): void {
    if (this.queue.withdraw(job.user, job)) {
      this.cancelled++
      job.reject(cancelledError())
      return
    }
    const worker = [...this.workers].find((candidate) => candidate.job?.job === job)
    const running = worker?.job
    if (worker === undefined || running === undefined || running.stop !== undefined) return
    this.cancelled++
    running.stop = 'cancelled'
    // The worker interrupts DuckDB and answers within moments; one that does not is killed, as at a timeout.
    if (worker.child.connected) worker.child.send({ type: 'cancel', id: running.id } satisfies WorkerMessage)
    clearTimeout(running.timer)
    running.deadline = Date.now() + this.options.graceMs
    running.timer = setTimeout(() => this.kill(worker, 'cancelled'), this.options.graceMs)
  }

  private kill(worker: Worker, reason: 'timeout' | 'cancelled'): void {
    const running = worker.job
    if (running === undefined) return
    running.stop ??= reason
    // A worker that already exited gets no second exit event: settle the query here.
    if (!worker.child.kill('SIGKILL') && worker.child.exitCode !== null) this.failRunning(worker, worker.child.exitCode, null)
  }

  private finish(worker: Worker, message: Exclude<WorkerReply, { type: 'ready' }>): void {
    const running = worker.job
    if (running === undefined || running.id !== message.id) return
    this.release(worker, running)
    if (message.type === 'result') running.job.resolve(message.output)
    else running.job.reject(SqlError.fromBody(message.error))
    this.dispatch()
  }

  private failRunning(worker: Worker, code: number | null, signal: NodeJS.Signals | null): void {
    const running = worker.job
    if (running === undefined) return
    this.release(worker, running)
    const { job } = running
    if (running.stop === 'cancelled') return job.reject(cancelledError())
    if (running.stop === 'timeout') {
      job.reject(new SqlError('timeout', `the query ran longer than ${job.request.timeoutMs} ms and did not stop when interrupted; its worker was killed`))
      return
    }
    const how = signal === null ? `exit status ${code}` : `signal ${signal}`
    job.reject(new SqlError('query_failed', `the sandbox worker running this query died (${how}), probably out of memory; it was replaced`))
  }

  /** The worker is free of its query, and the query's user has one running fewer. */
  private release(worker: Worker, running: Running): void {
    clearTimeout(running.timer)
    worker.job = undefined
    this.queue.finished(running.job.user)
  }

  /**
   * Seconds until a queue slot must have come free: the earliest deadline of the user's running
   * queries (their own queue moves only as those end), else of anyone's; at least 1.
   */
  private retryAfterSeconds(user: string | undefined): number {
    const running = [...this.workers].flatMap((worker) => (worker.job === undefined ? [] : [worker.job]))
    const own = running.filter((job) => job.job.user === user)
    const deadlines = (own.length > 0 ? own : running).map((job) => job.deadline)
    if (deadlines.length === 0) return 1
    return Math.max(1, Math.ceil((Math.min(...deadlines) - Date.now()) / 1000))
  }

  /** A worker died before it was ready: the sandbox cannot start here; say why, do not loop. */
  private failStart(worker: Worker, code: number | null): void {
    const cause = code === MOUNT_FAILED_EXIT ? 'a read-only bind mount of the catalog failed' : lastLine(worker.stderr) || `exit status ${code}`
    if ([...this.workers].some((other) => other.ready)) return
    const message =
      `the SQL sandbox could not start its worker: ${cause}. The sandbox needs unprivileged user and mount namespaces (unshare); ` +
      `see docs/sql-service.md, or set COCKPIT_SQL_ISOLATION=process to accept the weaker process-only sandbox`
    for (const job of this.queue.drain()) job.reject(new SqlError('sandbox_unavailable', message))
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
