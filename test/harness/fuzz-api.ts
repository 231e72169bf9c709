/**
 * One Schemathesis run against an OpenAPI document of a served cockpit, signed in with an
 * analyst's bearer token, and what every such run must show: no 5xx, answers as documented, no
 * stack trace in any body, no failed request in the server's log, and both handlers (200) and
 * validation (400) reached. The fuzz test files differ only in their document and their cockpit.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { ServedCockpit } from './cockpit.ts'
import { runSchemathesis } from './schemathesis.ts'

interface HarEntry {
  request: { method: string; url: string }
  response: { status: number; content: { text?: string; mimeType?: string } }
}

export interface FuzzApiOptions {
  cockpit: ServedCockpit
  /** Path of the OpenAPI document on the cockpit, e.g. /api/v1/openapi.json. */
  document: string
  seed: number
  /** Fewer answers than this means the fuzzer did not get far. */
  minRequests: number
}

export async function analystToken(cockpit: ServedCockpit): Promise<string> {
  const analyst = await cockpit.as('analyst')
  const created = await analyst.api('/api/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'fuzzer', role: 'analyst' }) })
  expect(created.status).toBe(201)
  return ((await created.json()) as { token: string }).token
}

async function operationCount(cockpit: ServedCockpit, document: string): Promise<number> {
  const paths = ((await (await fetch(`${cockpit.url}${document}`)).json()) as { paths: Record<string, Record<string, unknown>> }).paths
  const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']
  return Object.values(paths).reduce((count, operations) => count + Object.keys(operations).filter((key) => methods.includes(key)).length, 0)
}

export async function expectFuzzedCleanly(options: FuzzApiOptions): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'schemathesis-'))
  try {
    const har = join(workDir, 'run.har')
    const run = await runSchemathesis({
      schema: `${options.cockpit.url}${options.document}`,
      headers: { Authorization: `Bearer ${await analystToken(options.cockpit)}` },
      checks: ['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance'],
      maxExamples: 10,
      seed: options.seed,
      // The first query starts the SQL sandbox's workers, which takes seconds on a busy machine.
      args: ['--workers', '1', '--request-timeout', '60', '--report', 'har', '--report-har-path', har],
      timeoutMs: 600_000,
      cwd: workDir,
    })
    expect(run.exitCode, run.output).toBe(0)
    // Every operation of the document was tested.
    expect(run.output).toMatch(new RegExp(`Tested: ${await operationCount(options.cockpit, options.document)}\\b`))
    const entries = (JSON.parse(readFileSync(har, 'utf8')) as { log: { entries: HarEntry[] } }).log.entries
    expect(entries.length).toBeGreaterThan(options.minRequests)
    const statuses = new Set(entries.map((entry) => entry.response.status))
    expect([...statuses].filter((status) => status >= 500)).toEqual([])
    expect(statuses).toContain(200)
    expect(statuses).toContain(400)
    const traces = entries.filter((entry) => /\n\s+at \S+ \(|node_modules|\.ts:\d+:\d+/.test(entry.response.content.text ?? ''))
    expect(traces.map((entry) => `${entry.request.method} ${entry.request.url}`)).toEqual([])
    expect(options.cockpit.output()).not.toContain('request failed')
  } finally {
    rmSync(workDir, { recursive: true, force: true })
  }
}
