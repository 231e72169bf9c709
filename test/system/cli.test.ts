import { describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCockpit } from '../harness/cockpit.ts'

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const cockpit = runCockpit(args, env)
  const code = await cockpit.exited
  return { code, output: cockpit.output() }
}

describe('the cockpit command', () => {
  it('--help lists the commands and exits 0', async () => {
    const { code, output } = await run(['--help'])
    expect(code).toBe(0)
    expect(output).toMatch(/^Usage: cockpit <command>/)
    expect(output).toMatch(/^ {2}start +Start the cockpit server/m)
    expect(output).toContain('--data-dir <value>')
  })

  it('--version prints the package version', async () => {
    const { code, output } = await run(['--version'])
    expect(code).toBe(0)
    expect(output.trim()).toBe(version)
  })

  // A large answer is still in the pipe when the process exits; under load `cockpit migrate-db`'s
  // test once read 500 lines short of it.
  it('has printed every line of a large answer by the time it has exited', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cockpit-cli-output-'))
    try {
      const rows = 200_000
      const { code, output } = await run(['sql', `SELECT range AS n FROM range(${rows})`, '--format', 'csv', '--max-rows', String(rows), '--data-dir', dataDir], { COCKPIT_LOG_LEVEL: 'silent' })
      expect(code).toBe(0)
      const lines = output.trimEnd().split('\n')
      expect(lines).toHaveLength(rows + 1)
      expect(lines.at(-1)).toBe(String(rows - 1))
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it.each([
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['start', '--colour', 'red'], "Unknown option '--colour'"],
    [[], 'no command given'],
    [['start', 'now'], "unexpected argument 'now'"],
  ])('%j prints usage to stderr and exits 2', async (args, message) => {
    const cockpit = runCockpit(args)
    let stderr = ''
    cockpit.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    expect(await cockpit.exited).toBe(2)
    expect(stderr).toContain(message)
    expect(stderr).toContain('Usage: cockpit <command>')
  })

  it('an invalid setting exits 2 with one line naming the variable, the value and what is allowed', async () => {
    const { code, output } = await run(['start'], { COCKPIT_LOG_LEVEL: 'chatty' })
    expect(code).toBe(2)
    expect(output.trim()).toBe(
      'cockpit: invalid configuration: COCKPIT_LOG_LEVEL="chatty": expected one of fatal, error, warn, info, debug, trace, silent',
    )
  })

  it('an invalid flag value names the flag', async () => {
    const { code, output } = await run(['start', '--port', '0'])
    expect(code).toBe(2)
    expect(output.trim()).toBe('cockpit: invalid configuration: --port="0": expected an integer between 1 and 65535')
  })
})
