/** GET /api/settings: what the browser needs to know of the server's configuration (never secrets). */
import { Hono } from 'hono'
import type { Settings } from '../config/index.ts'

export interface PublicSettings {
  version: string
  mode: Settings['mode']
  /** The UI shows times in the plant's zone. */
  plantTz: string
}

export function settingsRoute(settings: PublicSettings): Hono {
  return new Hono().get('/', (c) => c.json(settings))
}
