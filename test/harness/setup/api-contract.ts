/**
 * Setup file of the system tests: every `fetch` a test makes to a cockpit's /api is checked
 * against that cockpit's OpenAPI document (../api-contract.ts), and a test file fails when any
 * answer broke the contract — whether the test looked at that part of the answer or not.
 */
import { afterAll, expect } from 'vitest'
import { CONTRACT_DOCUMENTS, loadApiContract, type ApiContract } from '../api-contract.ts'

const contracts = new Map<string, Promise<ApiContract | undefined>>()
const pending: Promise<void>[] = []
const violations: string[] = []
const realFetch = globalThis.fetch

function contractOf(origin: string): Promise<ApiContract | undefined> {
  let contract = contracts.get(origin)
  if (contract === undefined) {
    // A server that is not a cockpit (or already stopped) has no document: nothing to check against.
    contract = loadApiContract(origin).catch(() => undefined)
    contracts.set(origin, contract)
  }
  return contract
}

globalThis.fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const response = await realFetch(input, init)
  const url = input instanceof Request ? input.url : String(input)
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase()
  const { origin, pathname } = new URL(url)
  if (pathname.startsWith('/api/') && !CONTRACT_DOCUMENTS.includes(pathname)) {
    const type = response.headers.get('content-type') ?? ''
    // Streams (SSE) never end; only finite answers are read.
    if (!type.startsWith('text/event-stream')) {
      pending.push(
        contractOf(origin)
          .then((contract) => contract?.check(method, url, response))
          .then((problems) => void violations.push(...(problems ?? [])))
          .catch((error: Error) => void violations.push(`${method} ${pathname}: could not be checked: ${error.message}`)),
      )
    }
  }
  return response
}

afterAll(async () => {
  await Promise.all(pending)
  expect(violations, 'answers that break the OpenAPI document or the error contract').toEqual([])
})
