import { describe, expect, it } from 'vitest'
import { ROLES } from '../../auth/access-rules.ts'
import { userCommand } from './user.ts'

describe('the command table', () => {
  it('names every role in `user --role` (spelled out there so that --help needs no zod)', () => {
    const description = userCommand.options.role?.description ?? ''
    for (const role of ROLES) expect(description).toContain(role)
    expect(description.match(/\b[a-z]+\b/g)?.filter((word) => (ROLES as readonly string[]).includes(word))).toHaveLength(ROLES.length)
  })
})
