/**
 * Schemathesis fuzzes the workbench routes (notebooks, boards, kiosk links and kiosks) of a real
 * embedded cockpit from their OpenAPI document (/api/openapi.json), signed in with an analyst's
 * bearer token (kiosk links are admins': those answer 403): every operation,
 * generated valid and invalid requests (random files to import, save and run), stateful
 * sequences (create, then read, save, run, restore, export, delete). No answer
 * may be a 5xx, every answer must match the documented status, media type and schema, no
 * response body may hold a stack trace, and the server must log no failed request.
 * (`negative_data_rejection` passes too, except that it does not count 413 — the answer to a
 * body over the size limit — as a rejection; so it is not among the checks.)
 * Bounded (a fixed seed and few examples per operation): about seven minutes on this machine,
 * most of it board exports, each a Chromium render.
 */
import { afterAll, beforeAll, describe, it } from 'vitest'
import { serveCockpit, type ServedCockpit } from '../harness/cockpit.ts'
import { expectFuzzedCleanly } from '../harness/fuzz-api.ts'
import { ensureSchemathesis } from '../harness/schemathesis.ts'

let cockpit: ServedCockpit

beforeAll(async () => {
  await ensureSchemathesis()
  cockpit = await serveCockpit({ env: { COCKPIT_SIMULATOR: 'false' } })
}, 900_000)
afterAll(async () => {
  await cockpit?.stop()
})

describe('the notebook routes under a schema-driven fuzzer', () => {
  it('answers every generated request without a server error, as documented, without stack traces', async () => {
    await expectFuzzedCleanly({ cockpit, document: '/api/openapi.json', seed: 20261203, minRequests: 100 })
  }, 900_000)
})
