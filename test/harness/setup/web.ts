/** Global setup for tests that serve the app: build the web app once, before any server starts. */
import { pino } from 'pino'
import { ensureWebBuild } from '../../../server/web-build.ts'

export default async function setup(): Promise<void> {
  await ensureWebBuild(pino({ level: 'warn' }))
}
