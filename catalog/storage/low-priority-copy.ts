/**
 * Copies a file; a large one in a `cp` child process at the lowest CPU priority (nice 19).
 * A raw MES object is stored while DuckDB reads it on every core, and the kernel's copy of a
 * large file at normal priority takes a core from that read; at nice 19 it runs in the moments
 * DuckDB leaves idle (the single-threaded checks after the read), and is done by the commit.
 * Without a `cp` on the PATH it copies in process.
 */
import { spawn } from 'node:child_process'
import { statSync } from 'node:fs'
import { copyFile } from 'node:fs/promises'
import { setPriority } from 'node:os'

/** Below this a child process costs more than it saves. */
const LARGE_FILE_BYTES = 64 * 1024 * 1024

export async function copyFileLowPriority(from: string, to: string): Promise<void> {
  if (statSync(from).size < LARGE_FILE_BYTES) return copyFile(from, to)
  const copied = await copyInChild(from, to)
  if (!copied) await copyFile(from, to)
}

/** false: no `cp` to run. */
function copyInChild(from: string, to: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn('cp', ['--', from, to], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? resolve(false) : reject(error)))
    child.on('spawn', () => {
      // Raising one's own child's nice value is always allowed; if not, it only runs faster.
      try {
        setPriority(child.pid!, 19)
      } catch {}
    })
    child.on('close', (code, signal) => {
      if (code === 0) resolve(true)
      else if (code !== null || signal !== null) reject(new Error(`cp ended with ${signal ?? `exit code ${code}`}: ${stderr.trim()}`))
    })
  })
}
