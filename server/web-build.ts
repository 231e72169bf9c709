/**
 * Makes sure the built web app exists and is newer than its sources, building it with Vite
 * when it is missing or stale — so `npm start` on a fresh clone just works. The build goes to
 * a temporary folder and is renamed into place, so a reader never sees half a build.
 */
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Logger } from './logger.ts'

export const packageRoot = fileURLToPath(new URL('..', import.meta.url))
export const webRoot = join(packageRoot, 'dist', 'web')

// Everything the web bundle is built from: the app, the pure folders it imports, the build's config.
const SOURCES = ['web', 'cells', 'alerts', 'vite.config.ts', 'package-lock.json']

export async function ensureWebBuild(logger: Logger): Promise<string> {
  const built = join(webRoot, 'index.html')
  if (existsSync(built) && statSync(built).mtimeMs >= newestSource()) return webRoot
  if (!existsSync(join(packageRoot, 'web', 'index.html'))) {
    throw new Error(`the web app is not built and its sources are missing under ${packageRoot}web`)
  }
  logger.info('building the web app (first start or sources changed)…')
  const started = Date.now()
  await buildWebApp()
  logger.info({ ms: Date.now() - started }, 'web app built')
  return webRoot
}

export async function buildWebApp(): Promise<void> {
  const vite = await import('vite').catch(() => {
    throw new Error('the web app is not built and Vite is not installed: run `npm install` (with dev dependencies) first')
  })
  const temp = `${webRoot}.tmp-${process.pid}`
  await vite.build({ configFile: join(packageRoot, 'vite.config.ts'), logLevel: 'warn', build: { outDir: temp, emptyOutDir: true } })
  rmSync(webRoot, { recursive: true, force: true })
  try {
    renameSync(temp, webRoot)
  } catch (error) {
    // Another process finished the same build first; its result is as good as ours.
    if (!existsSync(join(webRoot, 'index.html'))) throw error
    rmSync(temp, { recursive: true, force: true })
  }
}

function newestSource(): number {
  return Math.max(...SOURCES.map((entry) => newestIn(join(packageRoot, entry))))
}

function newestIn(path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  // Files only: a folder's own mtime also moves when a tool drops a cache into it.
  return Math.max(
    0,
    ...readdirSync(path)
      .filter((name) => name !== 'node_modules' && !name.endsWith('.test.ts'))
      .map((name) => newestIn(join(path, name))),
  )
}
