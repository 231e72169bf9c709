/** Reads a JSON request body through a zod schema; a bad body is a 400 naming the field. */
import type { Context } from 'hono'
import { badRequest } from '../http/api-error.ts'
import type { z } from 'zod'

export async function jsonBody<T extends z.ZodType>(c: Context, schema: T, shape: string): Promise<z.infer<T>> {
  const body = schema.safeParse(await c.req.json().catch(() => undefined))
  if (body.success) return body.data
  const issue = body.error.issues[0]
  if (issue === undefined || issue.path.length === 0) throw badRequest('body', `expected a JSON body ${shape}`)
  throw badRequest(issue.path.join('.'), issue.message)
}
