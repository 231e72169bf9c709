/**
 * The one gate in front of /api: finds the request's access rule (none → denied), refuses
 * cross-site state changes, resolves the principal from the session cookie or a bearer token,
 * and answers 401 (not signed in) or 403 (role not allowed) before any handler runs. A path the
 * rules know, asked with a method they do not, is 405 with `Allow` (not a denial: nothing is
 * hidden by saying which methods exist). Every answer is the one error body (../http/api-error.ts).
 */
import type { MiddlewareHandler } from 'hono'
import type { AppDb } from '../../db/index.ts'
import { ApiError, answerError } from '../http/api-error.ts'
import { accessPolicy } from './access-policy.ts'
import { accessRules } from './access-rules.ts'
import { validateApiToken } from './api-tokens.ts'
import { originProblem } from './origin-check.ts'
import type { AuthEnv, Principal } from './principal.ts'
import { acceptedOrigins, type PublicOriginSettings } from './public-origin.ts'
import { addressedAs, clientIp, servedOverHttps } from './request-facts.ts'
import { clearSessionCookie, readSessionCookie, setSessionCookie } from './session-cookie.ts'
import { validateSessionToken } from './sessions.ts'

export interface AuthorizeOptions {
  db: AppDb
  trustProxy: boolean
  /** Where browsers reach the cockpit: the Origin a state-changing request must carry. */
  origin: PublicOriginSettings
}

export function authorize(options: AuthorizeOptions): MiddlewareHandler<AuthEnv> {
  const policy = accessPolicy(accessRules)
  return async (c, next) => {
    const { method, path } = c.req
    const rule = policy.find(method, path)
    if (rule === undefined) {
      const allowed = policy.methodsOf(path)
      if (allowed.length > 0) return answerError(c, new ApiError(405, 'method-not-allowed', `${method} is not a method of ${path}: ${allowed.join(', ')}`, { headers: { allow: allowed.join(', ') } }))
      return answerError(c, new ApiError(403, 'forbidden', `no access rule for ${method} ${path}: denied`))
    }

    const authorization = c.req.header('authorization')
    const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1]
    const accepted = acceptedOrigins(options.origin, addressedAs(c, options.trustProxy))
    const csrf = originProblem({ method, origin: c.req.header('origin'), accepted, bearer: bearer !== undefined })
    if (csrf !== undefined) return answerError(c, new ApiError(403, 'forbidden', csrf))

    c.set('clientIp', clientIp(c, options.trustProxy))
    const secure = servedOverHttps(c, options.trustProxy)
    let principal: Principal | undefined
    if (authorization !== undefined) {
      const valid = bearer === undefined ? undefined : await validateApiToken(options.db, bearer)
      if (valid === undefined) return answerError(c, new ApiError(401, 'unauthorized', 'invalid API token: expected Authorization: Bearer <token> of a token that exists'))
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
    if (decision === 'sign-in') return answerError(c, new ApiError(401, 'unauthorized', 'sign in first'))
    if (decision === 'forbidden') return answerError(c, new ApiError(403, 'forbidden', `role '${principal?.role}' may not ${method} ${path}`))
    await next()
  }
}
