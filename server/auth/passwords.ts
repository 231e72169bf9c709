/**
 * Password hashing with argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane). Unknown
 * usernames are verified against a dummy hash so that a login takes as long whether or not
 * the user exists.
 */
import { hash, verify } from '@node-rs/argon2'

// algorithm 2 is Argon2id (the package's const enum cannot be imported under verbatimModuleSyntax).
const PARAMS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export const MIN_PASSWORD_LENGTH = 10

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS)
}

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password)
  } catch {
    // A malformed stored hash is a failed login, not a server error.
    return false
  }
}

let dummyHash: Promise<string> | undefined

/** Spends the time of one verification for a user that does not exist. */
export async function verifyDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('not a real password; equalises timing')
  await verifyPassword(await dummyHash, password)
  return false
}

/** Undefined when acceptable, else why not. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`
  if (password.length > 1024) return 'a password may have at most 1024 characters'
  return undefined
}
