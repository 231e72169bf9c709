/**
 * Schemathesis fuzzes the service API of a real embedded cockpit from its own OpenAPI
 * document, signed in with an analyst's bearer token: every operation, generated valid and
 * invalid requests, stateful sequences (save a query, then read, page and delete it). No answer
 * may be a 5xx, every answer must match the documented status, media type and schema, no
 * response body may hold a stack trace, and the server must log no failed request.
 * (`negative_data_rejection` passes too, except that it does not count 413 — the answer to a
 * body over the size limit — as a rejection; so it is not among the checks.)
 * Bounded (a fixed seed and few examples per operation) so it runs in about a minute.
 */
import { afterAll, beforeAll, describe, it } from 'vitest'
import { serveCockpit, type ServedCockpit } from '../harness/cockpit.ts'
import { expectFuzzedCleanly } from '../harness/fuzz-api.ts'
import { ensureSchemathesis } from '../harness/schemathesis.ts'

let cockpit: ServedCockpit

beforeAll(async () => {
  await ensureSchemathesis()
  cockpit = await serveCockpit({ env: { COCKPIT_PLANT_TZ: 'Europe/Berlin' } })
}, 900_000)
afterAll(async () => {
  await cockpit?.stop()
})

describe('the service API under a schema-driven fuzzer', () => {
  it('answers every generated request without a server error, as documented, without stack traces', async () => {
    await expectFuzzedCleanly({ cockpit, document: '/api/v1/openapi.json', seed: 20261125, minRequests: 300 })
  }, 900_000)
})
