/**
 * The catalog's staging area: local files being written before their commit. Each process
 * stages in a folder of its own under the staging root, with an `owner.json` naming the process,
 * so that a sweep (`vacuum`, server start) removes what a dead process left — files of a job
 * killed mid-write, which no commit will ever register — and never what a live process, this
 * one or another sharing the data dir, is still writing.
 */
import { randomUUID } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { currentProcess, parseProcessIdentity, processState } from './process-identity.ts'

const OWNER_FILE = 'owner.json'

/** This process's folder under each staging root, and how many open catalogs use it. */
const opened = new Map<string, { dir: string; users: number }>()

/** This process's staging folder under `root`, created on first use (one per process and root). */
export function processStagingDir(root: string): string {
  let entry = opened.get(root)
  if (entry === undefined) {
    const self = currentProcess()
    entry = { dir: join(root, `proc-${self.pid}-${randomUUID().slice(0, 8)}`), users: 0 }
    mkdirSync(entry.dir, { recursive: true })
    writeFileSync(join(entry.dir, OWNER_FILE), JSON.stringify(self))
    opened.set(root, entry)
  }
  entry.users++
  return entry.dir
}

/**
 * A catalog on `root` is closed: when it was the last, this process's staging folder is removed
 * if nothing is staged in it (a one-shot command's); one with files waits for a sweep.
 */
export function releaseProcessStaging(root: string): void {
  const entry = opened.get(root)
  if (entry === undefined || --entry.users > 0) return
  opened.delete(root)
  const staged = readOrUndefined(entry.dir, (dir) => readdirSync(dir))
  if (staged === undefined || staged.some((name) => name !== OWNER_FILE)) return
  rmSync(entry.dir, { recursive: true, force: true })
}

export interface StagingSweep {
  /** Entries of the staging root removed (their names). */
  removed: string[]
  /** Entries kept although their process could not be checked, each with what to do. */
  unknown: { entry: string; reason: string }[]
  /** Entries of live processes, and unowned entries younger than `minAgeMs`. */
  kept: number
}

/**
 * Removes the staging folders of processes that are gone, and unowned entries (left by versions
 * before owner files, or a process that died between creating its folder and naming itself)
 * older than `minAgeMs`.
 */
export function sweepStaging(root: string, options: { minAgeMs: number; now: number }): StagingSweep {
  const sweep: StagingSweep = { removed: [], unknown: [], kept: 0 }
  let entries
  try {
    entries = readdirSync(root, { withFileTypes: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return sweep
    throw error
  }
  for (const entry of entries) {
    const path = join(root, entry.name)
    const owner = entry.isDirectory() ? parseProcessIdentity(readOrUndefined(join(path, OWNER_FILE), (file) => readFileSync(file, 'utf8'))) : undefined
    const state = owner === undefined ? undefined : processState(owner)
    if (state === 'alive') {
      sweep.kept++
      continue
    }
    if (state === 'unknown') {
      sweep.unknown.push({
        entry: entry.name,
        reason: `staged by process ${owner!.pid} on ${owner!.host}, which cannot be checked from this process: delete ${path} by hand once that process has stopped`,
      })
      continue
    }
    if (state === undefined && options.now - modifiedAt(path) < options.minAgeMs) {
      sweep.kept++
      continue
    }
    rmSync(path, { recursive: true, force: true })
    sweep.removed.push(entry.name)
  }
  return sweep
}

/** `read(path)`, or undefined when the path is gone or unreadable. */
function readOrUndefined<T>(path: string, read: (path: string) => T): T | undefined {
  try {
    return read(path)
  } catch {
    return undefined
  }
}

/** The time an entry last changed (a folder's own mtime moves when files are added to it). */
function modifiedAt(path: string): number {
  try {
    return statSync(path).mtimeMs
  } catch {
    return 0
  }
}
