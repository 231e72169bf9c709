/** Reads a page of a catalog table and answers in the requested format (tables and KPIs share this). */
import type { Context } from 'hono'
import { readCatalogPage, type PageRequest, type PageSource } from './catalog-page.ts'
import { bytesResponse, fileResponse, pageHeaders, pageLinks } from './page-response.ts'

export async function answerPage(c: Context, source: PageSource, request: PageRequest, filename: string): Promise<Response> {
  const page = await readCatalogPage(source, request)
  const links = pageLinks(page, c.req.url)
  const headers = pageHeaders(page, links)
  if (page.arrow !== undefined) return bytesResponse(page.arrow, 'arrow', filename, headers)
  if (page.file !== undefined && (request.format === 'csv' || request.format === 'parquet')) return fileResponse(page.file, request.format, filename, headers)
  const body = { columns: page.columns, rows: page.rows ?? [], rowCount: page.rowCount, snapshot: page.snapshot, truncated: page.hasMore, ...links }
  return c.json(body, 200, headers)
}
