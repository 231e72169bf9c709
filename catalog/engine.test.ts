import { describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openEngine } from './engine.ts'

describe('engine', () => {
  it('answers queries and refuses to install extensions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cockpit-engine-'))
    const engine = await openEngine({ dir })
    try {
      await engine.ping()
      const connection = await engine.connect()
      const reader = await connection.runAndReadAll("select current_setting('autoinstall_known_extensions') as auto")
      expect(reader.getRowObjects()).toEqual([{ auto: false }])
      connection.closeSync()
    } finally {
      engine.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
