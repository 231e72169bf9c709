/**
 * The rendered API reference at /api/v1/docs: Swagger UI from the swagger-ui-dist package,
 * served from node_modules by this server — nothing is fetched from the internet, so the page
 * works on a plant network without a route out. The page reads ./openapi.json of this server.
 */
import { Hono } from 'hono'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const assetDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))

/** The only files served from the package, with their media types. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Plant Cockpit service API</title>
<link rel="stylesheet" href="docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="docs/assets/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/assets/swagger-ui-bundle.js"></script>
<script src="docs/init.js"></script>
</body>
</html>
`

// A separate script rather than an inline one, so the page runs under a strict CSP.
const INIT = `window.ui = SwaggerUIBundle({ url: 'openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null, persistAuthorization: false })\n`

export function docsPage(): Hono {
  const cache = new Map<string, Buffer>()
  return new Hono()
    .get('/', (c) => c.html(PAGE))
    .get('/init.js', (c) => c.body(INIT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }))
    .get('/assets/:file', async (c) => {
      const file = c.req.param('file')
      const type = ASSETS[file]
      if (type === undefined) return c.json({ error: { code: 'not-found', message: `no asset '${file}'` } }, 404)
      let bytes = cache.get(file)
      if (bytes === undefined) cache.set(file, (bytes = await readFile(join(assetDir, file))))
      return c.body(new Uint8Array(bytes), 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' })
    })
}
