/**
 * Serves the built Svelte app. Unknown non-API paths fall back to index.html so that the
 * app's own routes survive a page reload. Pages and files are served cross-origin isolated.
 */
import { serveStatic } from '@hono/node-server/serve-static'
import type { Env, Hono, MiddlewareHandler } from 'hono'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { crossOriginIsolation } from './http/cross-origin-isolation.ts'

export function mountWebApp<E extends Env>(app: Hono<E>, webRoot: string): void {
  // Cross-origin isolated pages may run duckdb-wasm's threaded build (./http/cross-origin-isolation.ts).
  app.use('*', crossOriginIsolation())
  // The build writes gzip copies of large files (web/build/precompress.ts); browsers that accept gzip get them.
  app.use('/assets/*', immutableAssets, serveStatic({ root: webRoot, precompressed: true }))
  app.use('/*', serveStatic({ root: webRoot, precompressed: true }))
  app.get('*', (c) => {
    // A missing asset is a 404, not the app's page: after an upgrade an old tab's chunk request fails plainly.
    if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/assets/')) return c.notFound()
    return c.html(readFileSync(join(webRoot, 'index.html'), 'utf8'))
  })
}

/** Vite names every asset after its content's hash: a browser may keep one for good (no refetch of duckdb-wasm per visit). */
const immutableAssets: MiddlewareHandler = async (c, next) => {
  await next()
  if (c.res.status === 200) c.res.headers.set('Cache-Control', 'public, max-age=31536000, immutable')
}
