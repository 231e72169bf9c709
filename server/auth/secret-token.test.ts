/** Session and API token material: enough entropy, the documented shape, hash-only storage. */
import { describe, expect, it } from 'vitest'
import { generateSecretToken, hashSecret, parseToken, secretMatches } from './secret-token.ts'

describe('secret tokens', () => {
  it('are <id>.<secret>, each 26 symbols of a 32-letter alphabet (130 bits), all different', () => {
    const tokens = Array.from({ length: 200 }, () => generateSecretToken())
    for (const { id, secret, token } of tokens) {
      expect(token).toMatch(/^[a-km-np-z2-9]{26}\.[a-km-np-z2-9]{26}$/)
      expect(parseToken(token)).toEqual({ id, secret })
    }
    expect(new Set(tokens.map((t) => t.id)).size).toBe(200)
    // Every symbol of the alphabet turns up: the generator is not stuck on a subset.
    expect(new Set(tokens.flatMap((t) => [...t.secret])).size).toBe(32)
  })

  it('keep only the SHA-256 of the secret, which matches that secret and no other', () => {
    const { secret, secretHash } = generateSecretToken()
    expect(secretHash).toMatch(/^[0-9a-f]{64}$/)
    expect(secretHash).not.toContain(secret)
    expect(secretHash).toBe(hashSecret(secret))
    expect(secretMatches(secret, secretHash)).toBe(true)
    expect(secretMatches(`${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`, secretHash)).toBe(false)
  })

  it.each(['', 'abc', 'a.b', `${'a'.repeat(26)}.${'a'.repeat(25)}`, `${'a'.repeat(26)}.${'a'.repeat(26)}.x`, `${'0'.repeat(26)}.${'a'.repeat(26)}`])('refuse the malformed token %j', (token) => {
    expect(parseToken(token)).toBeUndefined()
  })
})
