/**
 * Atomic file writes for the landing folder: content goes to a hidden temp file beside the
 * target and is renamed over it, so an ingest listing the folder never sees half a file (a
 * rename within one folder is atomic on POSIX file systems). The temp name starts with a dot
 * and ends in `.tmp`, so it matches no dump extension.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

let counter = 0

/** Runs `write` against a temp path, then renames the result to `path`; cleans up on failure. */
export async function writeAtomically(path: string, write: (tempPath: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${++counter}.tmp`)
  try {
    await write(temp)
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}

export function writeFileAtomically(path: string, data: string | Uint8Array): Promise<void> {
  return writeAtomically(path, (temp) => writeFile(temp, data))
}
