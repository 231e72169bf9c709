/**
 * A sandbox worker process: answers one query at a time from the SQL service over Node IPC.
 * It is started inside its own mount namespace where the catalog is mounted read-only (see
 * worker-launch.ts), at the lowest CPU priority so that user SQL yields to ingestion, and it exits
 * as soon as the server that started it goes away.
 */
import { startSandboxQuery, type RunningQuery } from './sandbox-query.ts'
import { SqlError } from './sql-errors.ts'
import { workerMessage, type WorkerReply } from './worker-protocol.ts'

let running: { id: number; query: RunningQuery } | undefined

function reply(message: WorkerReply): void {
  process.send?.(message)
}

function onMessage(message: unknown): void {
  const parsed = workerMessage.safeParse(message)
  if (!parsed.success) {
    process.stderr.write(`sql worker: ignoring a malformed message: ${parsed.error.issues[0]?.message}\n`)
    return
  }
  if (parsed.data.type === 'cancel') {
    // A cancel may cross the answer of its query on the channel: only the query it names stops.
    if (running?.id === parsed.data.id) running.query.cancel()
    return
  }
  const request = parsed.data
  const query = startSandboxQuery(request)
  running = { id: request.id, query }
  query.done.then(
    (output) => reply({ type: 'result', id: request.id, output }),
    (error: unknown) => {
      const body = error instanceof SqlError ? error.toBody() : { code: 'query_failed' as const, message: (error as Error).message ?? String(error) }
      reply({ type: 'error', id: request.id, error: body })
    },
  ).finally(() => {
    if (running?.query === query) running = undefined
  })
}

if (process.send === undefined) {
  process.stderr.write('sql worker: must be started by the cockpit server (no IPC channel)\n')
  process.exit(2)
}
process.on('message', onMessage)
// The server is gone (exited, killed, or closed the channel): stop at once, mid-query or not.
process.on('disconnect', () => {
  running?.query.cancel()
  process.exit(0)
})
reply({ type: 'ready' })
