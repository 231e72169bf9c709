/**
 * API tokens for machines (a BI tool, a script): named, scoped to a role no higher than their
 * creator's, shown once at creation, stored as a hash, revocable. Sent as `Authorization: Bearer`.
 */
import type { AppDb } from '../../db/index.ts'
import { roleSchema, type Role } from './access-rules.ts'
import { generateSecretToken, parseToken, secretMatches } from './secret-token.ts'
import { getUserById, type User } from './users.ts'

export interface ApiToken {
  id: string
  name: string
  role: Role
  username: string
  createdAt: string
  lastUsedAt: string | null
}

/**
 * Which roles a user may hand to a token. Roles are not a strict ladder: an engineer may do all an
 * analyst may, but a manager's rights (published boards, alerts) are not an analyst's.
 */
export function grantableRoles(role: Role): readonly Role[] {
  switch (role) {
    case 'admin':
      return roleSchema.options
    case 'engineer':
      return ['engineer', 'analyst']
    case 'analyst':
      return ['analyst']
    case 'manager':
      return ['manager']
  }
}

export async function createApiToken(db: AppDb, owner: User, input: { name: string; role: Role }, now = new Date()): Promise<{ token: string; apiToken: ApiToken }> {
  const { id, token, secretHash } = generateSecretToken()
  await db.insertInto('api_tokens').values({ id, secret_hash: secretHash, user_id: owner.id, name: input.name, role: input.role, created_at: now.toISOString() }).execute()
  return { token, apiToken: { id, name: input.name, role: input.role, username: owner.username, createdAt: now.toISOString(), lastUsedAt: null } }
}

/** All tokens, or one user's. Never the secrets: they were shown once. */
export async function listApiTokens(db: AppDb, userId?: number): Promise<ApiToken[]> {
  let query = db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id', 'api_tokens.name', 'api_tokens.role', 'users.username', 'api_tokens.created_at', 'api_tokens.last_used_at'])
    .orderBy('api_tokens.created_at')
  if (userId !== undefined) query = query.where('api_tokens.user_id', '=', userId)
  const rows = await query.execute()
  return rows.map((row) => ({ id: row.id, name: row.name, role: roleSchema.parse(row.role), username: row.username, createdAt: row.created_at, lastUsedAt: row.last_used_at }))
}

/** Deletes a token; `userId` restricts it to that user's tokens. True when one was deleted. */
export async function revokeApiToken(db: AppDb, id: string, userId?: number): Promise<ApiToken | undefined> {
  const [token] = (await listApiTokens(db, userId)).filter((candidate) => candidate.id === id)
  if (token === undefined) return undefined
  await db.deleteFrom('api_tokens').where('id', '=', id).execute()
  return token
}

/** The token's user acting with the token's role, or undefined. */
export async function validateApiToken(db: AppDb, token: string, now = new Date()): Promise<{ user: User; role: Role; tokenId: string } | undefined> {
  const parsed = parseToken(token)
  if (parsed === undefined) return undefined
  const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', parsed.id).executeTakeFirst()
  if (row === undefined || !secretMatches(parsed.secret, row.secret_hash)) return undefined
  const user = await getUserById(db, row.user_id)
  if (user === undefined || user.disabled) return undefined
  // A token never outranks its owner, even after the owner was demoted.
  const role = roleSchema.parse(row.role)
  if (!grantableRoles(user.role).includes(role)) return undefined
  await db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute()
  return { user, role, tokenId: row.id }
}
