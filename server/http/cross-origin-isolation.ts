/**
 * Cross-origin isolation for the web app's pages and files: with COOP `same-origin` and COEP
 * `require-corp` the browser grants SharedArrayBuffer, so duckdb-wasm can run its threaded build.
 * Every file the app loads is the cockpit's own (no CDN), so CORP `same-origin` on them holds;
 * nothing cross-origin is embedded. API answers are fetched same-origin and need none.
 */
import type { MiddlewareHandler } from 'hono'

export const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const

export function crossOriginIsolation(): MiddlewareHandler {
  return async (c, next) => {
    await next()
    for (const [name, value] of Object.entries(CROSS_ORIGIN_ISOLATION)) c.res.headers.set(name, value)
  }
}
