/**
 * Tokens of the form `<id>.<secret>` after Lucia's session guide: the id finds the row, the
 * secret proves possession. Both come from the operating system's CSPRNG with 130 bits each;
 * only the SHA-256 of the secret is stored, and it is compared in constant time, so neither
 * a leaked database nor response timing reveals a usable token.
 */
import { generateRandomString, type RandomReader } from '@oslojs/crypto/random'
import { sha256 } from '@oslojs/crypto/sha2'
import { constantTimeEqual } from '@oslojs/crypto/subtle'
import { decodeHex, encodeHexLowerCase } from '@oslojs/encoding'

// Lowercase letters and digits without l, o, 0, 1: 32 symbols, 5 bits each, easy to read aloud.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'
const LENGTH = 26

const cryptoRandom: RandomReader = { read: (bytes) => crypto.getRandomValues(bytes) }

export interface SecretToken {
  id: string
  secret: string
  /** What the client keeps: `<id>.<secret>`. */
  token: string
  /** What the server keeps. */
  secretHash: string
}

export function generateSecretToken(): SecretToken {
  const id = randomString()
  const secret = randomString()
  return { id, secret, token: `${id}.${secret}`, secretHash: hashSecret(secret) }
}

export function randomString(length = LENGTH): string {
  return generateRandomString(cryptoRandom, ALPHABET, length)
}

export function hashSecret(secret: string): string {
  return encodeHexLowerCase(digest(secret))
}

function digest(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret))
}

/** Splits `<id>.<secret>`; undefined for anything else. */
export function parseToken(token: string): { id: string; secret: string } | undefined {
  const parts = token.split('.')
  if (parts.length !== 2) return undefined
  const [id, secret] = parts as [string, string]
  if (!isTokenPart(id) || !isTokenPart(secret)) return undefined
  return { id, secret }
}

export function secretMatches(secret: string, storedHash: string): boolean {
  return constantTimeEqual(digest(secret), decodeHex(storedHash))
}

function isTokenPart(part: string): boolean {
  return part.length === LENGTH && [...part].every((char) => ALPHABET.includes(char))
}
