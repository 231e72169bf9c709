/** Who can sign in on a fresh cockpit: demo users in embedded mode only, once; a hint in plant mode. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AppDb } from '../../db/index.ts'
import { DEMO_USERS_FILE, ensureFirstUsers } from './first-run.ts'
import { verifyPassword } from './passwords.ts'
import { findUser, listUsers } from './users.ts'
import { appDatabases } from '../../test/harness/app-databases.ts'

describe.each(appDatabases)('on $name', (database) => {
  let db: AppDb
  let dataDir: string
  let lines: string[]
  const logger = () => pino({ level: 'info' }, { write: (line: string) => lines.push(line) })

  beforeEach(async () => {
    db = await database.open()
    dataDir = mkdtempSync(join(tmpdir(), 'cockpit-first-run-'))
    lines = []
  })
  afterEach(async () => {
    await db.destroy()
    rmSync(dataDir, { recursive: true, force: true })
  })

  describe('ensureFirstUsers', () => {
    it('creates one demo user per role in embedded mode whose file password signs them in, once', async () => {
      // A file left over from an earlier data dir, readable by all: it must not stay so.
      writeFileSync(join(dataDir, DEMO_USERS_FILE), 'old\n', { mode: 0o644 })
      await ensureFirstUsers({ db, mode: 'embedded', dataDir, logger: logger() })
      const file = join(dataDir, DEMO_USERS_FILE)
      expect(statSync(file).mode & 0o777).toBe(0o600)
      const entries = readFileSync(file, 'utf8').split('\n').filter((line) => line !== '' && !line.startsWith('#')).map((line) => line.split(' '))
      expect((await listUsers(db)).map((u) => [u.username, u.role])).toEqual([['admin', 'admin'], ['analyst', 'analyst'], ['engineer', 'engineer'], ['manager', 'manager']])
      for (const [username, , password] of entries) expect(await verifyPassword((await findUser(db, username!))!.passwordHash, password!)).toBe(true)
      await ensureFirstUsers({ db, mode: 'embedded', dataDir, logger: logger() })
      expect(await listUsers(db)).toHaveLength(4)
      expect(lines.filter((line) => line.includes('demo users created'))).toHaveLength(1)
    })

    it('creates nobody in plant mode and says how to add the first admin', async () => {
      await ensureFirstUsers({ db, mode: 'plant', dataDir, logger: logger() })
      expect(await listUsers(db)).toEqual([])
      expect(lines.join('')).toContain('no users yet: create the first admin with `cockpit user add <name> --role admin`')
    })
  })
})
