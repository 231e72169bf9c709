/**
 * How a sandbox worker process is started. With `namespace` isolation (the default) it runs in
 * its own user and mount namespace in which the catalog folders are bind-mounted read-only, so
 * user SQL cannot write there even though DuckDB's `allowed_directories` would let it, and even
 * when the server runs as root. `process` isolation is the weaker, explicit fallback for hosts
 * without unprivileged namespaces: a separate process, but the catalog stays writable to it.
 */
import { fileURLToPath } from 'node:url'

export const SQL_ISOLATIONS = ['namespace', 'process'] as const
export type SqlIsolation = (typeof SQL_ISOLATIONS)[number]

export interface WorkerCommand {
  command: string
  args: string[]
}

/**
 * Niceness of workers (the lowest priority): user SQL gets the CPU the jobs leave over. Set by
 * `nice` before node starts, because on Linux a nice value belongs to a thread and is inherited
 * only by threads created later — setting it from inside the worker would miss the libuv
 * threads in which DuckDB runs the queries.
 */
export const WORKER_NICENESS = 19

/** Exit status of the launch script when a read-only bind mount fails. */
export const MOUNT_FAILED_EXIT = 97

const workerScript = fileURLToPath(new URL('../../bin/sql-worker.js', import.meta.url))

// Runs as root of the new user namespace: bind each folder onto itself read-only, then become
// the worker. The folders come as arguments, never spliced into the script text.
const LAUNCH_SCRIPT = `node=$1; script=$2; shift 2
for dir in "$@"; do mount --bind -o ro "$dir" "$dir" || exit ${MOUNT_FAILED_EXIT}; done
exec nice -n ${WORKER_NICENESS} "$node" "$script"`

export function workerCommand(isolation: SqlIsolation, readOnlyDirs: readonly string[]): WorkerCommand {
  if (isolation === 'process') return { command: 'nice', args: ['-n', String(WORKER_NICENESS), process.execPath, workerScript] }
  return {
    command: 'unshare',
    args: ['--user', '--map-root-user', '--mount', '--propagation', 'private', 'sh', '-c', LAUNCH_SCRIPT, 'sql-worker', process.execPath, workerScript, ...readOnlyDirs],
  }
}
