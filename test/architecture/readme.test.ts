/** The README documents every setting exactly as the code defines it. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { configTable } from '../../server/config/index.ts'

describe('README', () => {
  it('holds the configuration table generated from server/config/options.ts', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    expect(readme).toContain(configTable())
  })
})
