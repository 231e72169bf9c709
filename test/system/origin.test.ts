/**
 * The CSRF check on the real cockpit process (issue 12, item 8): a state-changing request's
 * Origin must be the cockpit's public origin — scheme, host and port — by default its listen
 * address, or COCKPIT_PUBLIC_URL; a user part, another scheme, or a Host header that names
 * another site (DNS rebinding) does not make an origin the cockpit's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveCockpit, type ServedCockpit } from '../harness/cockpit.ts'
import { rawRequest } from '../harness/raw-http.ts'

let cockpit: ServedCockpit
let proxied: ServedCockpit
beforeAll(async () => {
  ;[cockpit, proxied] = await Promise.all([
    serveCockpit({ env: { COCKPIT_SIMULATOR: 'false' } }),
    serveCockpit({ env: { COCKPIT_SIMULATOR: 'false', COCKPIT_PUBLIC_URL: 'https://cockpit.plant.example' } }),
  ])
})
afterAll(() => Promise.all([cockpit?.stop(), proxied?.stop()]))

const port = () => new URL(cockpit.url).port
const logout = (base: string, headers: Record<string, string>) => rawRequest(base, { method: 'POST', path: '/api/auth/logout', headers })

describe('Origin on the listen address (default)', () => {
  it('lets the cockpit’s own origin through, under any loopback name', async () => {
    for (const origin of [cockpit.url, `http://localhost:${port()}`]) {
      expect((await logout(cockpit.url, { origin })).status, origin).toBe(200)
    }
  })

  it.each([
    ['another scheme', () => `https://127.0.0.1:${port()}`],
    ['a user part', () => `http://evil@127.0.0.1:${port()}`],
    ['another port', () => `http://127.0.0.1:${Number(port()) + 1}`],
    ['another site', () => 'http://evil.example'],
  ])('refuses %s', async (_what, origin) => {
    const answer = await logout(cockpit.url, { origin: origin() })
    expect(answer.status).toBe(403)
    expect(JSON.parse(answer.body).error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('cross-site request refused') })
  })

  it('refuses a Host of another site with an Origin to match (DNS rebinding)', async () => {
    const answer = await logout(cockpit.url, { host: `evil.example:${port()}`, origin: `http://evil.example:${port()}` })
    expect(answer.status).toBe(403)
  })
})

describe('Origin with COCKPIT_PUBLIC_URL', () => {
  it('takes exactly the configured origin, and the OpenAPI document names it', async () => {
    expect((await logout(proxied.url, { origin: 'https://cockpit.plant.example' })).status).toBe(200)
    expect((await logout(proxied.url, { origin: proxied.url })).status).toBe(403)
    expect((await logout(proxied.url, { origin: 'http://cockpit.plant.example' })).status).toBe(403)
    expect((await (await fetch(`${proxied.url}/api/v1/openapi.json`)).json()).servers).toEqual([{ url: 'https://cockpit.plant.example/api/v1' }])
  })
})
