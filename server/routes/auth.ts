/**
 * /api/auth: sign in with a username and password (a session cookie), who am I, sign out, and
 * sign out everywhere. Unknown users and wrong passwords get the same answer in the same time;
 * repeated failures per username and per address are throttled with escalating delays, counted
 * in the app database so that all instances on it throttle as one.
 */
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import type { AppDb } from '../../db/index.ts'
import { grantableRoles } from '../auth/api-tokens.ts'
import { recordAudit } from '../auth/audit.ts'
import { LoginThrottle } from '../auth/login-throttle.ts'
import { IP_THROTTLE, USER_THROTTLE } from '../auth/login-throttle-policy.ts'
import { verifyDummy, verifyPassword } from '../auth/passwords.ts'
import { requirePrincipal, type AuthEnv } from '../auth/principal.ts'
import { servedOverHttps } from '../auth/request-facts.ts'
import { clearSessionCookie, setSessionCookie } from '../auth/session-cookie.ts'
import { createSession, deleteSession, deleteUserSessions } from '../auth/sessions.ts'
import { findUser } from '../auth/users.ts'
import { ApiError } from '../http/api-error.ts'
import { jsonBody } from './json-body.ts'

const loginRequest = z.object({
  username: z.string().min(1, 'expected a username').max(200),
  password: z.string().min(1, 'expected a password').max(1024),
})

export interface AuthRouteOptions {
  db: AppDb
  trustProxy: boolean
  /** Injected so tests can run the clock; the server uses Date.now. */
  clock?: () => number
}

export function authRoute(options: AuthRouteOptions): Hono<AuthEnv> {
  const { db } = options
  const clock = options.clock ?? Date.now
  // Counted in the app database: every instance on it throttles a username or address as one.
  const byUser = new LoginThrottle(db, 'user', USER_THROTTLE, clock)
  const byIp = new LoginThrottle(db, 'ip', IP_THROTTLE, clock)
  const secure = (c: Context): boolean => servedOverHttps(c, options.trustProxy)

  return new Hono<AuthEnv>()
    .post('/login', async (c) => {
      const { username, password } = await jsonBody(c, loginRequest, '{ username, password }')
      const ip = c.get('clientIp')
      const userKey = username.toLowerCase()
      const locked = (await Promise.all([byUser.check(userKey), byIp.check(ip)])).find((decision) => !decision.allowed)
      if (locked !== undefined && !locked.allowed) {
        const seconds = Math.ceil(locked.retryAfterMs / 1000)
        throw new ApiError(429, 'rate-limited', `too many failed sign-ins: try again in ${seconds} s`, { headers: { 'Retry-After': String(seconds) } })
      }
      const user = await findUser(db, username)
      const ok = user !== undefined && !user.disabled ? await verifyPassword(user.passwordHash, password) : await verifyDummy(password)
      if (!ok || user === undefined) {
        await Promise.all([byUser.fail(userKey), byIp.fail(ip)])
        await recordAudit(db, { action: 'login-failed', target: username, ip })
        throw new ApiError(401, 'unauthorized', 'wrong username or password')
      }
      await byUser.succeed(userKey)
      const { token, session } = await createSession(db, user.id, clock())
      setSessionCookie(c, token, session.expiresAt, secure(c))
      await recordAudit(db, { action: 'login', actor: user.username, ip })
      return c.json({ username: user.username, role: user.role })
    })
    .get('/me', (c) => {
      const principal = requirePrincipal(c)
      // tokenRoles: what this user may hand to a new API token (none when acting through a token).
      const tokenRoles = principal.via === 'token' ? [] : grantableRoles(principal.user.role)
      return c.json({ username: principal.user.username, role: principal.role, via: principal.via, tokenRoles })
    })
    .post('/logout', async (c) => {
      const principal = c.get('principal')
      if (principal?.sessionId !== undefined) {
        await deleteSession(db, principal.sessionId)
        await recordAudit(db, { action: 'logout', actor: principal.user.username, ip: c.get('clientIp') })
      }
      clearSessionCookie(c, secure(c))
      return c.json({ signedOut: true })
    })
    .post('/logout-all', async (c) => {
      const principal = requirePrincipal(c)
      const sessions = await deleteUserSessions(db, principal.user.id)
      await recordAudit(db, { action: 'logout-all', actor: principal.user.username, ip: c.get('clientIp'), detail: { sessions } })
      clearSessionCookie(c, secure(c))
      return c.json({ signedOut: true, sessions })
    })
}
