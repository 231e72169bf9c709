/** Sign-in: users, sessions, API tokens, the audit log and the login throttle. */
import type { Generated } from 'kysely'

export interface UsersTable {
  id: Generated<number>
  username: string
  /** argon2id PHC string. */
  password_hash: string
  role: string
  /** 1 when an admin disabled the account: it cannot sign in and its sessions and tokens stop working. */
  disabled: Generated<number>
  created_at: string
}

export interface SessionsTable {
  id: string
  /** Hex SHA-256 of the token's secret part. */
  secret_hash: string
  user_id: number
  created_at: string
  /** Epoch milliseconds. */
  expires_at: number
}

export interface ApiTokensTable {
  id: string
  secret_hash: string
  user_id: number
  name: string
  role: string
  created_at: string
  last_used_at: string | null
}

export interface AuditLogTable {
  id: Generated<number>
  at: string
  /** Username of who acted; null for anonymous attempts. */
  actor: string | null
  action: string
  target: string | null
  ip: string | null
  /** JSON. */
  detail: string | null
}

/** The login throttle's failures per username and per address (migration 0013). */
export interface LoginFailuresTable {
  scope: 'user' | 'ip'
  key: string
  failures: number
  /** Epoch milliseconds. */
  last_failure_at: number
  /** Epoch milliseconds; 0 when never locked. */
  locked_until: number
}
