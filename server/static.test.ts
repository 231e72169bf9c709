import { Hono } from 'hono'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { mountWebApp } from './static.ts'

function webRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'cockpit-web-'))
  mkdirSync(join(root, 'assets'))
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>cockpit</title>')
  const wasm = Buffer.alloc(64 * 1024, 7)
  writeFileSync(join(root, 'assets', 'engine-abc123.wasm'), wasm)
  writeFileSync(join(root, 'assets', 'engine-abc123.wasm.gz'), gzipSync(wasm))
  return root
}

describe('the web app’s files', () => {
  const app = new Hono()
  mountWebApp(app, webRoot())

  it('sends the build’s gzip copy to a browser that accepts gzip, as wasm, kept for good', async () => {
    const response = await app.request('/assets/engine-abc123.wasm', { headers: { 'accept-encoding': 'gzip, br' } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-encoding')).toBe('gzip')
    expect(response.headers.get('content-type')).toBe('application/wasm')
    expect(response.headers.get('cache-control')).toContain('immutable')
    expect(response.headers.get('cross-origin-embedder-policy')).toBe('require-corp')
    expect(Number(response.headers.get('content-length'))).toBeLessThan(64 * 1024)
  })

  it('sends the file itself to a client that does not accept gzip, and pages fall back to index.html uncached', async () => {
    const plain = await app.request('/assets/engine-abc123.wasm')
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect((await plain.arrayBuffer()).byteLength).toBe(64 * 1024)
    const page = await app.request('/notebooks/42')
    expect(await page.text()).toContain('<title>cockpit</title>')
    expect(page.headers.get('cache-control')).toBeNull()
    expect((await app.request('/assets/missing.js')).status).toBe(404)
  })
})
