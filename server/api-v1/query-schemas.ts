/** The shapes of saved queries in the service API. */
import { z } from '@hono/zod-openapi'
import { columnSchema, cursorParam, limitParam } from './page-params.ts'

export const newSavedQuerySchema = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[^\u0000-\u001f\u007f]+$/, 'no control characters')
      .openapi({ example: 'OEE by machine, last 30 days' }),
    sql: z.string().min(1).max(100_000).openapi({ example: 'SELECT machine_id, avg(oee) AS oee FROM kpi.machine_daily GROUP BY machine_id ORDER BY machine_id' }),
    description: z.string().max(2_000).default('').openapi({ example: 'For the weekly production meeting' }),
  })
  .openapi('NewSavedQuery')

export const savedQuerySchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    sql: z.string(),
    description: z.string(),
    columns: z.array(columnSchema).openapi({ description: 'The result’s columns when the query was saved.' }),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    result: z.string().openapi({ description: 'Path of the query’s result.' }),
  })
  .openapi('SavedQuery')

export const savedQueryListSchema = z.object({ queries: z.array(savedQuerySchema) }).openapi('SavedQueryList')

export const queryIdParam = z.coerce
  .number()
  .int()
  .min(1)
  .max(Number.MAX_SAFE_INTEGER)
  .openapi({ param: { name: 'id', in: 'path' }, example: 1 })

export const resultQuery = z.object({
  format: z.enum(['json', 'csv', 'arrow']).default('json').openapi({ description: 'JSON (default), CSV with a header row, or Arrow IPC stream.' }),
  limit: limitParam,
  cursor: cursorParam,
})
