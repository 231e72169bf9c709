/**
 * `cockpit user add|list|set-role|passwd|remove`: manage users straight in the data dir's app
 * database — how a plant creates its first admin. Local like `cockpit sql`: whoever can run it
 * can read the data dir anyway. Passwords come from stdin when piped, else from a hidden prompt.
 */
import { roleSchema, ROLES } from '../../auth/access-rules.ts'
import { recordAudit } from '../../auth/audit.ts'
import { changeUser, createUser, listUsers, removeUser, UserError } from '../../auth/users.ts'
import type { Runtime } from '../../runtime.ts'
import type { CommandContext, CommandRun } from '../command.ts'
import { textTable } from '../format-result.ts'
import { readPassword } from '../read-password.ts'
import { UsageError } from '../usage-error.ts'
import { withRuntime } from '../with-runtime.ts'
import { USER_USAGE } from './user.ts'

const ACTOR = 'cli'

export const runUserCommand: CommandRun = async (context: CommandContext) => {
  const [sub, name, role] = context.args
  const checked = checkInput(context, sub, name, role)
  if (checked !== undefined) {
    context.io.stderr(`cockpit: ${checked}`)
    return 2
  }
  const password = sub === 'add' || sub === 'passwd' ? await readPassword(`Password for ${name}: `) : undefined
  return withRuntime(context, async (runtime) => {
    try {
      return await runSub(context, runtime, { sub: sub!, name: name!, role: role ?? String(context.flags.role), password })
    } catch (error) {
      if (!(error instanceof UserError)) throw error
      context.io.stderr(`cockpit: ${error.message}`)
      return error.kind === 'invalid' ? 2 : 1
    }
  })
}

/** One line saying what is wrong with the command line, or undefined. */
function checkInput(context: CommandContext, sub: string | undefined, name: string | undefined, role: string | undefined): string | undefined {
  const arity: Record<string, number> = { add: 2, list: 1, 'set-role': 3, passwd: 2, remove: 2 }
  if (sub === undefined || !(sub in arity)) throw new UsageError(`unknown user command '${sub}'; expected ${USER_USAGE}`)
  if (context.args.length !== arity[sub]) return `wrong number of arguments; expected ${USER_USAGE}`
  if (sub === 'add' && typeof context.flags.role !== 'string') return `--role is required: one of ${ROLES.join(', ')}`
  const givenRole = sub === 'add' ? context.flags.role : sub === 'set-role' ? role : undefined
  if (givenRole !== undefined && !roleSchema.safeParse(givenRole).success) return `unknown role '${String(givenRole)}': expected one of ${ROLES.join(', ')}`
  if (name === undefined && sub !== 'list') return `missing user name; expected ${USER_USAGE}`
  return undefined
}

async function runSub(context: CommandContext, runtime: Runtime, input: { sub: string; name: string; role: string; password?: string }): Promise<number> {
  const db = runtime.appDb
  const { sub, name } = input
  if (sub === 'list') {
    const users = await listUsers(db)
    context.io.stdout(users.length === 0 ? 'No users yet: add one with cockpit user add <name> --role admin' : textTable(['user', 'role', 'status', 'created'], users.map((u) => [u.username, u.role, u.disabled ? 'disabled' : 'active', u.createdAt])))
    return 0
  }
  if (sub === 'add') {
    const user = await createUser(db, { username: name, password: input.password ?? '', role: roleSchema.parse(input.role) })
    await recordAudit(db, { action: 'user.create', actor: ACTOR, target: user.username, detail: { role: user.role } })
    context.io.stdout(`added ${user.username} (${user.role})`)
    return 0
  }
  if (sub === 'set-role') {
    const user = await changeUser(db, name, { role: roleSchema.parse(input.role) })
    await recordAudit(db, { action: 'user.change', actor: ACTOR, target: user.username, detail: { role: user.role } })
    context.io.stdout(`${user.username} is now ${user.role}`)
    return 0
  }
  if (sub === 'passwd') {
    const user = await changeUser(db, name, { password: input.password ?? '' })
    await recordAudit(db, { action: 'user.change', actor: ACTOR, target: user.username, detail: { password: 'reset' } })
    context.io.stdout(`new password set for ${user.username}; their sessions ended`)
    return 0
  }
  const user = await removeUser(db, name)
  await recordAudit(db, { action: 'user.remove', actor: ACTOR, target: user.username })
  context.io.stdout(`removed ${user.username}`)
  return 0
}
