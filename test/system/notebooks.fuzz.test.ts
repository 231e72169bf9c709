/**
 * Schemathesis fuzzes the notebook routes of a real embedded cockpit from their OpenAPI
 * document (/api/openapi.json), signed in with an analyst's bearer token: every operation,
 * generated valid and invalid requests (random files to import, save and run), stateful
 * sequences (create, then read, save, run, restore, export, delete). No answer
 * may be a 5xx, every answer must match the documented status, media type and schema, no
 * response body may hold a stack trace, and the server must log no failed request.
 * (`negative_data_rejection` passes too, except that it does not count 413 — the answer to a
 * body over the size limit — as a rejection; so it is not among the checks.)
 * Bounded (a fixed seed and few examples per operation) so it runs in about a minute.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveCockpit, type ServedCockpit } from '../harness/cockpit.ts'
import { ensureSchemathesis, runSchemathesis } from '../harness/schemathesis.ts'

let cockpit: ServedCockpit
let token: string
const workDir = mkdtempSync(join(tmpdir(), 'schemathesis-'))

beforeAll(async () => {
  await ensureSchemathesis()
  cockpit = await serveCockpit({ env: { COCKPIT_SIMULATOR: 'false' } })
  const analyst = await cockpit.as('analyst')
  const created = await analyst.api('/api/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'fuzzer', role: 'analyst' }) })
  expect(created.status).toBe(201)
  token = ((await created.json()) as { token: string }).token
}, 900_000)
afterAll(async () => {
  await cockpit?.stop()
  rmSync(workDir, { recursive: true, force: true })
})

interface HarEntry {
  request: { method: string; url: string }
  response: { status: number; content: { text?: string; mimeType?: string } }
}

describe('the notebook routes under a schema-driven fuzzer', () => {
  it('answers every generated request without a server error, as documented, without stack traces', async () => {
    const har = join(workDir, 'run.har')
    const run = await runSchemathesis({
      schema: `${cockpit.url}/api/openapi.json`,
      headers: { Authorization: `Bearer ${token}` },
      checks: ['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance'],
      maxExamples: 10,
      seed: 20261203,
      // The first run starts the SQL sandbox's workers, which takes seconds on a busy machine.
      args: ['--workers', '1', '--request-timeout', '60', '--report', 'har', '--report-har-path', har],
      timeoutMs: 600_000,
      cwd: workDir,
    })
    expect(run.exitCode, run.output).toBe(0)
    expect(run.output).toMatch(/Tested: 10\b/)
    const entries = (JSON.parse(readFileSync(har, 'utf8')) as { log: { entries: HarEntry[] } }).log.entries
    expect(entries.length).toBeGreaterThan(100)
    const statuses = new Set(entries.map((entry) => entry.response.status))
    expect([...statuses].filter((status) => status >= 500)).toEqual([])
    // The fuzzer must have reached both the handlers and the validation.
    expect(statuses).toContain(200)
    expect(statuses).toContain(400)
    const traces = entries.filter((entry) => /\n\s+at \S+ \(|node_modules|\.ts:\d+:\d+/.test(entry.response.content.text ?? ''))
    expect(traces.map((entry) => `${entry.request.method} ${entry.request.url}`)).toEqual([])
    expect(cockpit.output()).not.toContain('request failed')
  }, 900_000)
})
