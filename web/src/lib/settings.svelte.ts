/** The server's public settings, loaded once and shared by the views (plant time zone, mode). */
import { fetchSettings } from './api.ts'

export const settings = $state({ plantTz: 'UTC', mode: '', version: '' })

void fetchSettings().then((result) => {
  if (result.data !== undefined) Object.assign(settings, result.data)
})
