/**
 * Matches a request against the access rules with Hono's own router, so a rule's pattern means
 * exactly what the same pattern means as a route, and decides whether a principal may pass.
 */
import { TrieRouter } from 'hono/router/trie-router'
import type { AccessRule, Role } from './access-rules.ts'

export type AccessDecision = 'allow' | 'no-rule' | 'sign-in' | 'forbidden'

export interface AccessPolicy {
  find(method: string, path: string): AccessRule | undefined
  decide(method: string, path: string, role: Role | undefined): AccessDecision
  /** The methods the path has rules for (HEAD with GET): a known path asked with another method answers 405 with these. */
  methodsOf(path: string): string[]
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

export function accessPolicy(rules: readonly AccessRule[]): AccessPolicy {
  const router = new TrieRouter<AccessRule>()
  for (const rule of rules) router.add(rule.method, rule.path, rule)
  const find = (method: string, path: string): AccessRule | undefined => {
    // Hono answers HEAD with the GET route, so HEAD needs the GET rule.
    const [matches] = router.match(method === 'HEAD' ? 'GET' : method, path)
    return matches[0]?.[0]
  }
  return {
    find,
    methodsOf(path) {
      const methods = METHODS.filter((method) => find(method, path) !== undefined)
      return methods.flatMap((method) => (method === 'GET' ? ['GET', 'HEAD'] : [method]))
    },
    decide(method, path, role) {
      const rule = find(method, path)
      if (rule === undefined) return 'no-rule'
      if (rule.access === 'public') return 'allow'
      if (role === undefined) return 'sign-in'
      if (rule.access === 'signed-in' || role === 'admin' || rule.access.includes(role)) return 'allow'
      return 'forbidden'
    },
  }
}
