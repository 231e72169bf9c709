/**
 * The data dir holds password hashes, sessions, the audit log and the plant's data, so it is
 * private to the user the cockpit runs as: created 0700, and everything written into it 0600
 * (files) or 0700 (folders) — SQLite with its -wal and -shm files, DuckDB, catalog and staging
 * files, caches — by the process umask, which the SQL workers and other children inherit (they
 * run as the same user, so they still read the catalog). An existing data dir keeps its mode:
 * the operator chose it; `dataDirExposure` lets start-up warn when others can read it.
 */
import { mkdirSync, rmdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { isMainThread } from 'node:worker_threads'
import { StartupError } from './startup-error.ts'

const PRIVATE_UMASK = 0o077

/** Makes new files private, creates the data dir and proves it writable, naming the folder and the cause when not. */
export function prepareDataDir(dataDir: string): void {
  // Worker threads may not change the umask (it is the process's); their main thread does.
  if (isMainThread) process.umask(PRIVATE_UMASK)
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 })
    const probe = join(dataDir, '.write-probe')
    // mkdir succeeds on an existing folder even when it is read-only; a new entry proves writes work.
    mkdirSync(probe, { recursive: true })
    rmdirSync(probe)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new StartupError(
      `data dir ${dataDir} is not writable (${code ?? (error as Error).message}); set COCKPIT_DATA_DIR or --data-dir to a writable folder`,
      { cause: error },
    )
  }
}

/** The data dir's mode as octal text (`0755`) when its group or other users may enter or read it, else undefined. */
export function dataDirExposure(dataDir: string): string | undefined {
  const mode = statSync(dataDir).mode & 0o777
  return (mode & 0o077) === 0 ? undefined : `0${mode.toString(8)}`
}
