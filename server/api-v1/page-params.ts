/**
 * The query parameters every row listing shares — format, limit, cursor — and the row limits:
 * a page holds at most MAX_PAGE_ROWS rows whatever the client asks; the rest is a next page.
 */
import { z } from '@hono/zod-openapi'

export const DEFAULT_PAGE_ROWS = 1_000
export const MAX_PAGE_ROWS = 100_000

export const formatParam = z
  .enum(['json', 'csv', 'parquet', 'arrow'])
  .default('json')
  .openapi({ description: 'Encoding of the answer: JSON (default), CSV with a header row, Parquet or Arrow IPC stream.' })

export const limitParam = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_PAGE_ROWS)
  .default(DEFAULT_PAGE_ROWS)
  .openapi({ description: `Rows per page (default ${DEFAULT_PAGE_ROWS}, at most ${MAX_PAGE_ROWS}).` })

export const cursorParam = z
  .string()
  .min(1)
  .max(200)
  .optional()
  .openapi({ description: 'Where the next page starts: the `nextCursor` of the previous page (or follow its `next` link).' })

export const pageParams = { format: formatParam, limit: limitParam, cursor: cursorParam }

export const columnSchema = z.object({ name: z.string(), type: z.string() }).openapi('Column')

export const rowsPageSchema = z
  .object({
    columns: z.array(columnSchema),
    rows: z.array(z.record(z.string(), z.unknown())).openapi({ description: 'One object per row, keyed by column name. Timestamps are ISO 8601 in UTC.' }),
    rowCount: z.number().int(),
    snapshot: z.number().int().openapi({ description: 'The catalog snapshot every page of this listing reads.' }),
    truncated: z.boolean().openapi({ description: 'True when more rows follow this page.' }),
    nextCursor: z.string().nullable(),
    next: z.string().nullable().openapi({ description: 'Path and query of the next page, or null.' }),
  })
  .openapi('RowsPage')

const binary = z.string().openapi({ format: 'binary' })

/** The 200 answer of a row listing, in each format. */
export const rowsContent = {
  'application/json': { schema: rowsPageSchema },
  'text/csv': { schema: z.string().openapi({ description: 'CSV with a header row.' }) },
  'application/vnd.apache.parquet': { schema: binary },
  'application/vnd.apache.arrow.stream': { schema: binary },
}

export const pageHeadersDoc = {
  'X-Truncated': { description: 'true when more rows follow this page', schema: { type: 'string' as const } },
  'X-Next-Cursor': { description: 'cursor of the next page, when there is one', schema: { type: 'string' as const } },
  Link: { description: '<next page>; rel="next", when there is one', schema: { type: 'string' as const } },
}
