import { tmpdir } from 'node:os'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../http/api-error.ts'
import { chromiumArgs, renderPage } from './page-render.ts'

describe('renderPage', () => {
  it('answers 503 naming COCKPIT_CHROMIUM when no Chromium is there', async () => {
    const refused = await renderPage({ chromium: '/nonexistent/chromium', url: 'http://127.0.0.1:1/', format: 'pdf', tempDir: tmpdir() }).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(ApiError)
    expect(refused).toMatchObject({ status: 503, code: 'unavailable' })
    expect((refused as ApiError).message).toContain('COCKPIT_CHROMIUM=/nonexistent/chromium')
  })

  it('asks Chromium for a headless PDF or screenshot of the page, with its own profile', () => {
    const pdf = chromiumArgs({ url: 'http://x/kiosk/t', format: 'pdf' }, '/tmp/p', '/tmp/p/page.pdf')
    expect(pdf).toEqual(expect.arrayContaining(['--headless', '--user-data-dir=/tmp/p', '--print-to-pdf=/tmp/p/page.pdf', '--no-pdf-header-footer', '--virtual-time-budget=10000']))
    expect(pdf.at(-1)).toBe('http://x/kiosk/t')
    expect(chromiumArgs({ url: 'http://x/', format: 'png', width: 800, height: 600 }, '/tmp/p', '/tmp/p/page.png')).toEqual(expect.arrayContaining(['--screenshot=/tmp/p/page.png', '--window-size=800,600']))
  })
})
