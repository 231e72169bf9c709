import { afterAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { copyFileLowPriority } from './low-priority-copy.ts'

const dir = mkdtempSync(join(tmpdir(), 'low-priority-copy-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const digest = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')

describe('copyFileLowPriority', () => {
  it('copies small and large files byte for byte', async () => {
    const small = join(dir, 'small.bin')
    writeFileSync(small, 'machine_id,state\nM01,RUNNING\n')
    const large = join(dir, 'large.bin')
    // Above the threshold, so the copy runs in the low-priority child.
    writeFileSync(large, Buffer.alloc(70 * 1024 * 1024, 'M01,RUNNING,2026-11-25T10:00:00Z\n'))
    await copyFileLowPriority(small, join(dir, 'small.copy'))
    await copyFileLowPriority(large, join(dir, 'large.copy'))
    expect(readFileSync(join(dir, 'small.copy'), 'utf8')).toBe('machine_id,state\nM01,RUNNING\n')
    expect(digest(join(dir, 'large.copy'))).toBe(digest(large))
  })

  it('fails with the reason when the copy cannot be made', async () => {
    const large = join(dir, 'large.bin')
    await expect(copyFileLowPriority(large, join(dir, 'no-such-folder', 'x'))).rejects.toThrow(/cp ended with exit code 1: .*No such file or directory/)
    await expect(copyFileLowPriority(join(dir, 'missing.bin'), join(dir, 'x'))).rejects.toThrow(/ENOENT/)
  })
})
