/** Global setup for browser tests: Chromium present (installed with apt-get when missing) and the app built. */
import { ensureChromium } from '../browser.ts'
import buildWeb from './web.ts'

export default async function setup(): Promise<void> {
  ensureChromium()
  await buildWeb()
}
