#!/usr/bin/env node
// `npm run dev`: the Hono server under `tsx watch` (restarts on change) and Vite's dev server
// (hot reload) proxying /api to it. Open the Vite URL it prints.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const apiPort = process.env.COCKPIT_DEV_API_PORT ?? '8081'
const webPort = process.env.COCKPIT_DEV_PORT ?? '5173'

const children = [
  spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'watch', '--clear-screen=false', 'server/cli/main-process.ts', 'start', '--port', apiPort], {
    cwd: root,
    stdio: 'inherit',
    // The browser's pages come from Vite, so their Origin is Vite's: the API server must take it (CSRF check).
    env: { COCKPIT_PUBLIC_URL: `http://localhost:${webPort}`, ...process.env, COCKPIT_SERVE_WEB: 'false' },
  }),
  spawn(process.execPath, ['node_modules/vite/bin/vite.js', '--port', webPort, '--strictPort'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, COCKPIT_DEV_API: `http://127.0.0.1:${apiPort}` },
  }),
]

let stopping = false
const stop = (code) => {
  if (stopping) return
  stopping = true
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  process.exitCode = code
}
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))
for (const child of children) child.on('exit', (code) => stop(code ?? 0))
