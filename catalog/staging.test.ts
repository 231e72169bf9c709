import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { currentProcess } from './process-identity.ts'
import { processStagingDir, releaseProcessStaging, sweepStaging } from './staging.ts'

const roots: string[] = []
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
})

function stagingRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'cockpit-staging-'))
  roots.push(root)
  return root
}

/** Another process staging under `root`, as a second cockpit sharing the data dir would; resolves once its folder exists. */
async function otherProcess(root: string): Promise<{ kill(): Promise<void> }> {
  const script = `import { processStagingDir } from ${JSON.stringify(new URL('./staging.ts', import.meta.url).pathname)}; const dir = processStagingDir(${JSON.stringify(root)}); console.log(dir); setInterval(() => {}, 1000)`
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve())
    child.once('exit', (code) => reject(new Error(`staging child exited with ${code}`)))
  })
  return {
    kill: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGKILL')
      await exited
    },
  }
}

const sweep = (root: string, minAgeMs = 3_600_000) => sweepStaging(root, { minAgeMs, now: Date.now() })

describe('staging', () => {
  it('keeps the folders of live processes and removes those of processes that died, whatever their age', async () => {
    const root = stagingRoot()
    const own = processStagingDir(root)
    writeFileSync(join(own, 'month.parquet'), 'x')
    const other = await otherProcess(root)
    expect(readdirSync(root)).toHaveLength(2)

    expect(sweep(root, 0)).toEqual({ removed: [], unknown: [], kept: 2 })
    await other.kill()
    const swept = sweep(root)
    expect(swept.removed).toHaveLength(1)
    expect(swept.kept).toBe(1)
    expect(readdirSync(root)).toEqual([own.split('/').at(-1)])
    expect(existsSync(join(own, 'month.parquet'))).toBe(true)
  })

  it('is this process’s one folder per root, removed when the last catalog on it closes with nothing staged', () => {
    const root = stagingRoot()
    const dir = processStagingDir(root)
    expect(processStagingDir(root)).toBe(dir)
    releaseProcessStaging(root)
    expect(existsSync(dir)).toBe(true)
    releaseProcessStaging(root)
    expect(existsSync(dir)).toBe(false)

    const busy = processStagingDir(root)
    writeFileSync(join(busy, 'left.parquet'), 'x')
    releaseProcessStaging(root)
    expect(existsSync(join(busy, 'left.parquet'))).toBe(true)
  })

  it('removes unowned entries (older versions, a crash before the owner file) only when they are old', () => {
    const root = stagingRoot()
    const old = (Date.now() - 2 * 3_600_000) / 1000
    mkdirSync(join(root, 'kpi-old'))
    writeFileSync(join(root, 'kpi-old', 'day-2026-11.parquet'), 'x')
    utimesSync(join(root, 'kpi-old'), old, old)
    writeFileSync(join(root, 'loose-old.parquet'), 'x')
    utimesSync(join(root, 'loose-old.parquet'), old, old)
    mkdirSync(join(root, 'kpi-young'))
    writeFileSync(join(root, 'loose-young.parquet'), 'x')

    const swept = sweep(root)
    expect(swept.removed.sort()).toEqual(['kpi-old', 'loose-old.parquet'])
    expect(readdirSync(root).sort()).toEqual(['kpi-young', 'loose-young.parquet'])
  })

  it('never removes the folder of a process it cannot check, and says what to do', () => {
    const root = stagingRoot()
    const foreign = join(root, 'proc-42-abcdef12')
    mkdirSync(foreign)
    writeFileSync(join(foreign, 'owner.json'), JSON.stringify({ ...currentProcess(), host: 'other-host', pid: 42 }))
    utimesSync(foreign, 0, 0)
    const swept = sweep(root, 0)
    expect(swept.removed).toEqual([])
    expect(swept.unknown).toEqual([{ entry: 'proc-42-abcdef12', reason: `staged by process 42 on other-host, which cannot be checked from this process: delete ${foreign} by hand once that process has stopped` }])
  })
})
