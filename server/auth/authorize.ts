/**
 * The one gate in front of /api: finds the request's access rule (none → denied), refuses
 * cross-site state changes, resolves the principal from the session cookie or a bearer token,
 * and answers 401 (not signed in) or 403 (role not allowed) before any handler runs.
 */
import type { MiddlewareHandler } from 'hono'
import type { AppDb } from '../../db/index.ts'
import { accessPolicy } from './access-policy.ts'
import { accessRules } from './access-rules.ts'
import { validateApiToken } from './api-tokens.ts'
import { originProblem } from './origin-check.ts'
import type { AuthEnv, Principal } from './principal.ts'
import { addressedHost, clientIp, servedOverHttps } from './request-facts.ts'
import { clearSessionCookie, readSessionCookie, setSessionCookie } from './session-cookie.ts'
import { validateSessionToken } from './sessions.ts'

export interface AuthorizeOptions {
  db: AppDb
  trustProxy: boolean
}

export function authorize(options: AuthorizeOptions): MiddlewareHandler<AuthEnv> {
  const policy = accessPolicy(accessRules)
  return async (c, next) => {
    const { method, path } = c.req
    const rule = policy.find(method, path)
    if (rule === undefined) return c.json({ error: `no access rule for ${method} ${path}: denied` }, 403)

    const authorization = c.req.header('authorization')
    const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1]
    const csrf = originProblem({ method, origin: c.req.header('origin'), host: addressedHost(c, options.trustProxy), bearer: bearer !== undefined })
    if (csrf !== undefined) return c.json({ error: csrf }, 403)

    c.set('clientIp', clientIp(c, options.trustProxy))
    const secure = servedOverHttps(c, options.trustProxy)
    let principal: Principal | undefined
    if (authorization !== undefined) {
      const valid = bearer === undefined ? undefined : await validateApiToken(options.db, bearer)
      if (valid === undefined) return c.json({ error: 'invalid API token: expected Authorization: Bearer <token> of a token that exists' }, 401)
      principal = { user: valid.user, role: valid.role, via: 'token', tokenId: valid.tokenId }
    } else {
      const token = readSessionCookie(c)
      const valid = token === undefined ? undefined : await validateSessionToken(options.db, token)
      if (token !== undefined && valid === undefined) clearSessionCookie(c, secure)
      if (valid !== undefined) {
        principal = { user: valid.user, role: valid.user.role, via: 'session', sessionId: valid.session.id }
        // Sliding expiry: the browser's cookie must outlive the session's new expiry too.
        if (valid.refreshed && token !== undefined) setSessionCookie(c, token, valid.session.expiresAt, secure)
      }
    }
    c.set('principal', principal)

    const decision = policy.decide(method, path, principal?.role)
    if (decision === 'sign-in') return c.json({ error: 'sign in first' }, 401)
    if (decision === 'forbidden') return c.json({ error: `role '${principal?.role}' may not ${method} ${path}` }, 403)
    await next()
  }
}
