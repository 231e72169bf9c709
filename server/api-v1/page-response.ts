/**
 * Turns a page into the HTTP answer of its format. Every format says the same about what
 * follows: `X-Truncated: true`, `X-Next-Cursor` and a `Link: <…>; rel="next"` header when the
 * result went past this page (JSON also in its body), so a client never mistakes a page for
 * the whole result.
 */
import type { Page } from './catalog-page.ts'
import { encodeCursor } from './cursor.ts'
import { streamAndDelete } from './export-file.ts'

export const MEDIA_TYPES = {
  json: 'application/json',
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  arrow: 'application/vnd.apache.arrow.stream',
} as const

export interface PageLinks {
  nextCursor: string | null
  next: string | null
}

export function pageLinks(page: Pick<Page, 'snapshot' | 'offset' | 'rowCount' | 'hasMore'>, requestUrl: string): PageLinks {
  if (!page.hasMore) return { nextCursor: null, next: null }
  const nextCursor = encodeCursor({ snapshot: page.snapshot, offset: page.offset + page.rowCount })
  const url = new URL(requestUrl)
  url.searchParams.set('cursor', nextCursor)
  return { nextCursor, next: `${url.pathname}${url.search}` }
}

export function pageHeaders(page: Pick<Page, 'snapshot' | 'rowCount' | 'hasMore'>, links: PageLinks): Record<string, string> {
  const headers: Record<string, string> = { 'X-Snapshot': String(page.snapshot), 'X-Row-Count': String(page.rowCount), 'X-Truncated': String(page.hasMore) }
  if (links.nextCursor !== null && links.next !== null) {
    headers['X-Next-Cursor'] = links.nextCursor
    headers.Link = `<${links.next}>; rel="next"`
  }
  return headers
}

/** The answer for an export file (CSV, Parquet, Arrow): streamed, then gone. */
export async function fileResponse(file: string, format: 'csv' | 'parquet' | 'arrow', filename: string, headers: Record<string, string>): Promise<Response> {
  const { body, size } = await streamAndDelete(file)
  return new Response(body, {
    status: 200,
    headers: {
      ...headers,
      'Content-Type': MEDIA_TYPES[format],
      'Content-Length': String(size),
      'Content-Disposition': `${format === 'csv' ? 'inline' : 'attachment'}; filename="${filename}.${format}"`,
    },
  })
}

/** The answer for bytes already in memory (an Arrow stream). */
export function bytesResponse(bytes: Uint8Array, format: 'arrow', filename: string, headers: Record<string, string>): Response {
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: { ...headers, 'Content-Type': MEDIA_TYPES[format], 'Content-Length': String(bytes.byteLength), 'Content-Disposition': `attachment; filename="${filename}.${format}"` },
  })
}
