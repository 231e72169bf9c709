/** Users of the cockpit in the app database: who they are, their role, whether they may sign in. */
import { z } from 'zod'
import type { AppDb } from '../../db/index.ts'
import { roleSchema, type Role } from './access-rules.ts'
import { hashPassword, passwordProblem } from './passwords.ts'

export const usernameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, 'expected 1-64 letters, digits, dots, dashes, underscores or @, starting with a letter or digit')

export interface User {
  id: number
  username: string
  role: Role
  disabled: boolean
  createdAt: string
}

export class UserError extends Error {
  override readonly name = 'UserError'
  constructor(
    message: string,
    readonly kind: 'invalid' | 'exists' | 'not-found' | 'last-admin',
  ) {
    super(message)
  }
}

type UserRow = { id: number; username: string; role: string; disabled: number; created_at: string }

export function toUser(row: UserRow): User {
  return { id: row.id, username: row.username, role: roleSchema.parse(row.role), disabled: row.disabled !== 0, createdAt: row.created_at }
}

const columns = ['id', 'username', 'role', 'disabled', 'created_at'] as const

export async function listUsers(db: AppDb): Promise<User[]> {
  const rows = await db.selectFrom('users').select(columns).orderBy('username').execute()
  return rows.map(toUser)
}

export async function countUsers(db: AppDb): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function findUser(db: AppDb, username: string): Promise<(User & { passwordHash: string }) | undefined> {
  const row = await db.selectFrom('users').select([...columns, 'password_hash']).where('username', '=', username).executeTakeFirst()
  return row === undefined ? undefined : { ...toUser(row), passwordHash: row.password_hash }
}

export async function getUserById(db: AppDb, id: number): Promise<User | undefined> {
  const row = await db.selectFrom('users').select(columns).where('id', '=', id).executeTakeFirst()
  return row === undefined ? undefined : toUser(row)
}

export async function createUser(db: AppDb, input: { username: string; password: string; role: Role }, now = new Date()): Promise<User> {
  const name = usernameSchema.safeParse(input.username)
  if (!name.success) throw new UserError(`invalid username '${input.username}': ${name.error.issues[0]?.message}`, 'invalid')
  const problem = passwordProblem(input.password)
  if (problem !== undefined) throw new UserError(`invalid password for '${input.username}': ${problem}`, 'invalid')
  if ((await findUser(db, input.username)) !== undefined) throw new UserError(`a user named '${input.username}' exists already`, 'exists')
  const passwordHash = await hashPassword(input.password)
  // The check above is for the common case; two creations of one name at once (two instances
  // on one database, or two `cockpit user add`) both pass it, and the later insert is the one
  // the unique username refuses — as the same 'exists', not a database error.
  const row = await db
    .insertInto('users')
    .values({ username: input.username, password_hash: passwordHash, role: input.role, created_at: now.toISOString() })
    .onConflict((conflict) => conflict.column('username').doNothing())
    .returning(columns)
    .executeTakeFirst()
  if (row === undefined) throw new UserError(`a user named '${input.username}' exists already`, 'exists')
  return toUser(row)
}

export interface UserChange {
  role?: Role
  disabled?: boolean
  password?: string
}

/** Changes a user; a role change, a disable or a new password ends the user's sessions. */
export async function changeUser(db: AppDb, username: string, change: UserChange): Promise<User> {
  const user = await findUser(db, username)
  if (user === undefined) throw new UserError(`no user named '${username}'`, 'not-found')
  const demotes = (change.role !== undefined && change.role !== 'admin') || change.disabled === true
  if (user.role === 'admin' && demotes) await refuseLastAdmin(db, username)
  let passwordHash: string | undefined
  if (change.password !== undefined) {
    const problem = passwordProblem(change.password)
    if (problem !== undefined) throw new UserError(`invalid password for '${username}': ${problem}`, 'invalid')
    passwordHash = await hashPassword(change.password)
  }
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({
        ...(change.role !== undefined && { role: change.role }),
        ...(change.disabled !== undefined && { disabled: change.disabled ? 1 : 0 }),
        ...(passwordHash !== undefined && { password_hash: passwordHash }),
      })
      .where('id', '=', user.id)
      .execute()
    await tx.deleteFrom('sessions').where('user_id', '=', user.id).execute()
  })
  const changed = await getUserById(db, user.id)
  if (changed === undefined) throw new UserError(`no user named '${username}'`, 'not-found')
  return changed
}

/** Deletes a user with their sessions and tokens (cascade). */
export async function removeUser(db: AppDb, username: string): Promise<User> {
  const user = await findUser(db, username)
  if (user === undefined) throw new UserError(`no user named '${username}'`, 'not-found')
  if (user.role === 'admin') await refuseLastAdmin(db, username)
  await db.deleteFrom('users').where('id', '=', user.id).execute()
  return user
}

// Without an enabled admin nobody could manage users any more except through the CLI.
async function refuseLastAdmin(db: AppDb, username: string): Promise<void> {
  const others = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('disabled', '=', 0)
    .where('username', '!=', username)
    .executeTakeFirst()
  if (others === undefined) throw new UserError(`'${username}' is the last enabled admin; make another user admin first`, 'last-admin')
}
