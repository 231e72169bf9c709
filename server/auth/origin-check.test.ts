/** The CSRF check on Origin: which requests may change state. */
import { describe, expect, it } from 'vitest'
import { originProblem } from './origin-check.ts'

const host = 'cockpit.plant:8080'

describe('originProblem', () => {
  it.each([
    ['GET', undefined, false],
    ['HEAD', 'http://evil.example', false],
    ['POST', 'http://cockpit.plant:8080', false],
    ['DELETE', 'https://COCKPIT.plant:8080', false],
    ['POST', undefined, true],
  ])('lets %s with Origin %s (bearer %s) through', (method, origin, bearer) => {
    expect(originProblem({ method, origin, host, bearer })).toBeUndefined()
  })

  it.each([
    ['POST', undefined, false, 'must carry an Origin header'],
    ['POST', 'http://evil.example', false, "Origin 'http://evil.example' is not this server (cockpit.plant:8080)"],
    ['PATCH', 'http://cockpit.plant:9090', true, 'is not this server'],
    ['POST', 'null', false, "Origin 'null' is not a URL"],
  ])('refuses %s with Origin %s (bearer %s)', (method, origin, bearer, reason) => {
    expect(originProblem({ method, origin, host, bearer })).toContain(reason)
  })
})
