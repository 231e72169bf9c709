/**
 * /api/admin/users: the admins' view of users — list, create, change role, disable, reset the
 * password, delete. Every change is audited and ends the user's sessions where it matters.
 */
import { Hono } from 'hono'
import { ApiError } from '../http/api-error.ts'
import { z } from 'zod'
import type { AppDb } from '../../db/index.ts'
import { roleSchema } from '../auth/access-rules.ts'
import { recordAudit } from '../auth/audit.ts'
import { requirePrincipal, type AuthEnv } from '../auth/principal.ts'
import { changeUser, createUser, listUsers, removeUser, UserError } from '../auth/users.ts'
import { jsonBody } from './json-body.ts'

const createRequest = z.object({ username: z.string(), password: z.string(), role: roleSchema })
const changeRequest = z
  .object({ role: roleSchema.optional(), disabled: z.boolean().optional(), password: z.string().optional() })
  .strict()
  .refine((change) => Object.keys(change).length > 0, 'expected at least one of role, disabled, password')

const ANSWER = { invalid: [400, 'bad-request'], exists: [409, 'conflict'], 'not-found': [404, 'not-found'], 'last-admin': [409, 'conflict'] } as const

function asHttp(error: unknown): never {
  if (error instanceof UserError) throw new ApiError(ANSWER[error.kind][0], ANSWER[error.kind][1], error.message)
  throw error
}

export function usersRoute(db: AppDb): Hono<AuthEnv> {
  return new Hono<AuthEnv>()
    .get('/', async (c) => c.json({ users: await listUsers(db) }))
    .post('/', async (c) => {
      const actor = requirePrincipal(c).user.username
      const input = await jsonBody(c, createRequest, '{ username, password, role }')
      const user = await createUser(db, input).catch(asHttp)
      await recordAudit(db, { action: 'user.create', actor, target: user.username, ip: c.get('clientIp'), detail: { role: user.role } })
      return c.json({ user }, 201)
    })
    .patch('/:username', async (c) => {
      const actor = requirePrincipal(c).user.username
      const change = await jsonBody(c, changeRequest, '{ role?, disabled?, password? }')
      const user = await changeUser(db, c.req.param('username'), change).catch(asHttp)
      const detail = { ...(change.role !== undefined && { role: change.role }), ...(change.disabled !== undefined && { disabled: change.disabled }), ...(change.password !== undefined && { password: 'reset' }) }
      await recordAudit(db, { action: 'user.change', actor, target: user.username, ip: c.get('clientIp'), detail })
      return c.json({ user })
    })
    .delete('/:username', async (c) => {
      const actor = requirePrincipal(c).user.username
      const user = await removeUser(db, c.req.param('username')).catch(asHttp)
      await recordAudit(db, { action: 'user.remove', actor, target: user.username, ip: c.get('clientIp') })
      return c.json({ removed: user.username })
    })
}
