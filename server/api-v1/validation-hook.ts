/**
 * Every request the service API validates (path, query, body) fails the same way: 400 with the
 * offending field named. Each OpenAPIHono of the API is made by `apiRouter()` so none forgets it.
 */
import { OpenAPIHono, type Hook } from '@hono/zod-openapi'
import type { AuthEnv } from '../auth/principal.ts'
import { badRequest, errorBody } from '../http/api-error.ts'

const TARGET_FIELD: Record<string, string> = { json: 'body', query: 'query', param: 'path' }

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const validationHook: Hook<any, any, any, any> = (result, c) => {
  if (result.success) return
  const issue = result.error.issues[0]
  const field = issue === undefined || issue.path.length === 0 ? (TARGET_FIELD[result.target] ?? result.target) : issue.path.map(String).join('.')
  const message = issue === undefined ? 'invalid request' : describeIssue(issue)
  return c.json(errorBody(badRequest(field, message)), 400)
}

export function apiRouter(): OpenAPIHono<AuthEnv> {
  return new OpenAPIHono<AuthEnv>({ defaultHook: validationHook })
}

/** Zod's wording for a missing value or a non-number ("expected string, received undefined") says less than it could. */
function describeIssue(issue: { code: string; message: string; input?: unknown }): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'required'
  if (issue.code === 'invalid_type' && typeof issue.input === 'number' && Number.isNaN(issue.input)) return 'expected a number'
  return issue.message
}
