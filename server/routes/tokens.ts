/**
 * /api/tokens: API tokens for machines. Any signed-in user manages their own (admins see and
 * revoke everyone's); a token's role may not exceed what its creator may grant, and the secret
 * is returned once, at creation. A token cannot mint further tokens.
 */
import { Hono } from 'hono'
import { forbidden, notFound } from '../http/api-error.ts'
import { z } from 'zod'
import type { AppDb } from '../../db/index.ts'
import { roleSchema } from '../auth/access-rules.ts'
import { createApiToken, grantableRoles, listApiTokens, revokeApiToken } from '../auth/api-tokens.ts'
import { recordAudit } from '../auth/audit.ts'
import { requirePrincipal, type AuthEnv } from '../auth/principal.ts'
import { jsonBody } from './json-body.ts'

const createRequest = z.object({ name: z.string().trim().min(1, 'expected a name').max(100), role: roleSchema })

export function tokensRoute(db: AppDb): Hono<AuthEnv> {
  return new Hono<AuthEnv>()
    .get('/', async (c) => {
      const principal = requirePrincipal(c)
      return c.json({ tokens: await listApiTokens(db, principal.role === 'admin' ? undefined : principal.user.id) })
    })
    .post('/', async (c) => {
      const principal = requirePrincipal(c)
      if (principal.via === 'token') throw forbidden('an API token cannot create tokens; sign in to create one')
      const input = await jsonBody(c, createRequest, '{ name, role }')
      const allowed = grantableRoles(principal.user.role)
      if (!allowed.includes(input.role)) throw forbidden(`role '${principal.user.role}' may create tokens with role ${allowed.join(' or ')}, not '${input.role}'`)
      const { token, apiToken } = await createApiToken(db, principal.user, input)
      await recordAudit(db, { action: 'token.create', actor: principal.user.username, target: apiToken.id, ip: c.get('clientIp'), detail: { name: apiToken.name, role: apiToken.role } })
      return c.json({ token, apiToken }, 201)
    })
    .delete('/:id', async (c) => {
      const principal = requirePrincipal(c)
      const revoked = await revokeApiToken(db, c.req.param('id'), principal.role === 'admin' ? undefined : principal.user.id)
      if (revoked === undefined) throw notFound(`no token '${c.req.param('id')}' of yours`)
      await recordAudit(db, { action: 'token.revoke', actor: principal.user.username, target: revoked.id, ip: c.get('clientIp'), detail: { name: revoked.name, owner: revoked.username } })
      return c.json({ revoked: revoked.id })
    })
}
