/**
 * Who can sign in on a fresh cockpit. Embedded mode creates one demo user per role with a random
 * password, logged once and written to `<dataDir>/demo-users.txt` (readable by the owner only) —
 * never a fixed default password. Plant mode creates nobody and says how to add the first admin.
 */
import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AppDb } from '../../db/index.ts'
import type { Mode } from '../config/index.ts'
import type { Logger } from '../logger.ts'
import { ROLES } from './access-rules.ts'
import { recordAudit } from './audit.ts'
import { randomString } from './secret-token.ts'
import { countUsers, createUser } from './users.ts'

export const DEMO_USERS_FILE = 'demo-users.txt'

export interface FirstRunOptions {
  db: AppDb
  mode: Mode
  dataDir: string
  logger: Logger
}

export async function ensureFirstUsers(options: FirstRunOptions): Promise<void> {
  if ((await countUsers(options.db)) > 0) return
  if (options.mode !== 'embedded') {
    options.logger.warn('no users yet: create the first admin with `cockpit user add <name> --role admin` (same data dir), then sign in')
    return
  }
  const demo = []
  for (const role of ROLES) {
    // 20 symbols of 32: 100 bits, far beyond guessing under the login throttle.
    const password = randomString(20)
    await createUser(options.db, { username: role, password, role })
    await recordAudit(options.db, { action: 'user.create', actor: 'first-run', target: role, detail: { role, demo: true } })
    demo.push({ username: role, role, password })
  }
  const file = join(options.dataDir, DEMO_USERS_FILE)
  const lines = demo.map((user) => `${user.username} ${user.role} ${user.password}`)
  writeFileSync(file, `# Plant Cockpit demo users (embedded mode, first start): username role password\n${lines.join('\n')}\n`, { mode: 0o600 })
  // The mode above applies only to a new file; one left over from an earlier data dir keeps its own.
  chmodSync(file, 0o600)
  options.logger.warn({ file }, `demo users created, one per role; their passwords are shown only now and kept in ${file}:\n${lines.map((line) => `  ${line}`).join('\n')}`)
}
