/**
 * Where a chart's alert firings come from. A signed-in page asks the alerts API and listens to
 * the alert stream; a kiosk has neither, so it asks its link's own routes, which answer only the
 * alerts its boards' alerts tiles list (docs/boards.md).
 */
import { ALERT_STREAM } from '../alerts/alert-stream.ts'

export interface FiringSource {
  /** GET …?from&to[&machine_id&sensor_id]: the firings that overlap a range. */
  firings: string
  /** The alert stream whose transitions keep them current. */
  stream: string
}

export const SIGNED_IN_FIRINGS: FiringSource = { firings: '/api/alerts/firings', stream: ALERT_STREAM }

export function kioskFirings(token: string): FiringSource {
  const base = `/api/kiosk/${encodeURIComponent(token)}`
  return { firings: `${base}/firings`, stream: `${base}/alerts` }
}
