/** Who is making a request, as the authorization middleware resolved it for the handlers. */
import type { Context } from 'hono'
import { ApiError } from '../http/api-error.ts'
import type { Role } from './access-rules.ts'
import type { User } from './users.ts'

export interface Principal {
  user: User
  /** The session's user role, or the API token's (which may be lower). */
  role: Role
  via: 'session' | 'token'
  sessionId?: string
  tokenId?: string
}

/** The Hono environment of the cockpit's app: handlers read `c.get('principal')`. */
export interface AuthEnv {
  Variables: {
    principal: Principal | undefined
    clientIp: string
  }
}

/** The signed-in principal; for handlers behind a non-public rule, where it is always present. */
export function requirePrincipal(c: Context<AuthEnv>): Principal {
  const principal = c.get('principal')
  if (principal === undefined) throw new ApiError(401, 'unauthorized', 'sign in first')
  return principal
}
