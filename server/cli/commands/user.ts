/** `cockpit user …`: manage users in the data dir's app database (implementation in user-run.ts). */
import { lazyRun, type CommandSpec } from '../command.ts'

export const USER_USAGE = 'cockpit user add <name> --role <role> | user list | user set-role <name> <role> | user passwd <name> | user remove <name>'

export const userCommand: CommandSpec = {
  name: 'user',
  summary: 'Add, list, change or remove users (password from stdin or a prompt).',
  usage: USER_USAGE,
  // Spelled out rather than read from auth/access-rules.ts, which would load zod for --help;
  // commands.test.ts checks the list against ROLES.
  options: { role: { type: 'string', description: 'Role of a new user: analyst, manager, engineer, admin.' } },
  positionals: { min: 1, max: 3 },
  run: lazyRun(() => import('./user-run.ts'), (module) => module.runUserCommand),
}
