/**
 * A page as PDF or PNG, rendered by headless Chromium run as a child process — the same page a
 * browser shows, so an export looks like the board. Chromium is found through a setting
 * (COCKPIT_CHROMIUM); without it the export is a 503 that names the setting. Driven through its
 * command line (--print-to-pdf, --screenshot) rather than playwright-core, which would be 14 MB
 * of runtime dependency for two flags (docs/decisions.md).
 *
 * Chromium captures once the page's virtual-time budget is spent, which passes only while no
 * request is pending: a page holding an event stream open would never be captured. So a render's
 * kiosk link gets streams that end at once, and the page loads its tiles within the budget.
 */
import { execFile } from 'node:child_process'
import { constants } from 'node:fs'
import { access, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { ApiError } from '../http/api-error.ts'

export interface RenderRequest {
  chromium: string
  url: string
  format: 'pdf' | 'png'
  tempDir: string
  /** Virtual time the page may use to load its data before it is captured. */
  budgetMs?: number
  timeoutMs?: number
  width?: number
  height?: number
}

export async function renderPage(request: RenderRequest): Promise<Uint8Array> {
  await requireChromium(request.chromium)
  await mkdir(request.tempDir, { recursive: true })
  const dir = await mkdtemp(join(request.tempDir, 'render-'))
  const out = join(dir, `page.${request.format}`)
  try {
    await run(request.chromium, chromiumArgs(request, dir, out), request.timeoutMs ?? 45_000)
    return await readFile(out)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

export function chromiumArgs(request: Pick<RenderRequest, 'url' | 'format' | 'budgetMs' | 'width' | 'height'>, profileDir: string, out: string): string[] {
  return [
    '--headless',
    '--disable-gpu',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-extensions',
    '--hide-scrollbars',
    // Chromium refuses its sandbox to root; as root (a container) it runs without.
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    `--user-data-dir=${profileDir}`,
    `--window-size=${request.width ?? 1600},${request.height ?? 1000}`,
    `--virtual-time-budget=${request.budgetMs ?? 10_000}`,
    ...(request.format === 'pdf' ? [`--print-to-pdf=${out}`, '--no-pdf-header-footer'] : [`--screenshot=${out}`]),
    request.url,
  ]
}

async function requireChromium(path: string): Promise<void> {
  try {
    await access(path, constants.X_OK)
  } catch (error) {
    throw new ApiError(503, 'unavailable', `board exports need headless Chromium: COCKPIT_CHROMIUM=${path} is not an executable file; install Chromium there or point COCKPIT_CHROMIUM at one`, {}, { cause: error })
  }
}

function run(file: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error === null) return resolve()
      const detail = String(stderr).trim().split('\n').slice(-3).join(' ')
      reject(new ApiError(503, 'unavailable', `Chromium could not render the board (${error.killed ? `stopped after ${timeoutMs} ms` : `exit ${error.code}`}): ${detail}`, {}, { cause: error }))
    })
  })
}
