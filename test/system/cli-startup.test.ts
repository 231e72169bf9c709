/**
 * A command loads only what it needs, from the compiled build (bin/server-build.js), not through
 * tsx. How fast that makes it is measured by `npm run bench -- startup`; this proves what is loaded.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { cockpitBin } from '../harness/cockpit.ts'

const recorder = fileURLToPath(new URL('../harness/record-imports.mjs', import.meta.url))
const scratch = mkdtempSync(join(tmpdir(), 'cockpit-cli-startup-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Runs `cockpit <args>` and answers the npm packages it loaded, and its exit code. */
async function packagesLoaded(args: string[]): Promise<{ code: number | null; packages: Set<string>; output: string }> {
  const record = join(scratch, `imports-${Math.random().toString(36).slice(2)}.txt`)
  const child = spawn(process.execPath, ['--import', recorder, cockpitBin, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, RECORD_IMPORTS_TO: record, COCKPIT_DATA_DIR: join(scratch, 'data') },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  const urls = readFileSync(record, 'utf8').split('\n').filter(Boolean)
  // esbuild shows up only in the one run that makes the build for changed sources.
  const packages = new Set(urls.flatMap((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []).filter((name) => name !== 'esbuild'))
  return { code, packages, output }
}

describe('what a cockpit command loads', () => {
  it('--help loads no npm package at all, and no TypeScript loader', async () => {
    const { code, packages, output } = await packagesLoaded(['--help'])
    expect(code, output).toBe(0)
    expect([...packages]).toEqual([])
  })

  it('a small `cockpit sql` loads DuckDB and the app database, but not the AWS SDK, kafkajs, the HTTP server or tsx', async () => {
    const { code, packages, output } = await packagesLoaded(['sql', 'SELECT 42 AS answer'])
    expect(code, output).toBe(0)
    expect(output).toContain('42')
    expect(packages).toContain('@duckdb/node-api')
    for (const heavy of ['@aws-sdk/client-s3', 'kafkajs', 'hono', '@hono/node-server', 'apache-arrow', 'tsx']) expect(packages).not.toContain(heavy)
  })
})
