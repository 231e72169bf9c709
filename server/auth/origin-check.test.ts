/** The CSRF check on Origin: which requests may change state. */
import { describe, expect, it } from 'vitest'
import { originProblem } from './origin-check.ts'

const accepted = ['http://cockpit.plant:8080']

describe('originProblem', () => {
  it.each([
    ['GET', undefined, false],
    ['HEAD', 'http://evil.example', false],
    ['POST', 'http://cockpit.plant:8080', false],
    ['DELETE', 'http://COCKPIT.plant:8080', false],
    ['POST', undefined, true],
  ])('lets %s with Origin %s (bearer %s) through', (method, origin, bearer) => {
    expect(originProblem({ method, origin, accepted, bearer })).toBeUndefined()
  })

  it.each([
    ['POST', undefined, false, 'must carry an Origin header'],
    ['POST', 'http://evil.example', false, "Origin 'http://evil.example' is not this server (http://cockpit.plant:8080)"],
    ['PATCH', 'http://cockpit.plant:9090', true, 'is not this server'],
    // The scheme counts: an https page is another origin.
    ['POST', 'https://cockpit.plant:8080', false, 'is not this server'],
    // A user part is not part of an origin, and no browser sends one.
    ['POST', 'http://evil@cockpit.plant:8080', false, 'is not an origin'],
    ['POST', 'http://cockpit.plant:8080/', false, 'is not an origin'],
    ['POST', 'null', false, "Origin 'null' is not a URL"],
  ])('refuses %s with Origin %s (bearer %s)', (method, origin, bearer, reason) => {
    expect(originProblem({ method, origin, accepted, bearer })).toContain(reason)
  })

  it('refuses every Origin when the cockpit knows none of its own', () => {
    expect(originProblem({ method: 'POST', origin: 'http://cockpit.plant:8080', accepted: [], bearer: false })).toContain('set COCKPIT_PUBLIC_URL')
  })
})
