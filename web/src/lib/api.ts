/**
 * Calls to the cockpit's API. Results are values — `{ data }` or `{ error }` — so that every
 * view renders its loading, error and empty states explicitly.
 */
import type { HealthReport } from '../../../server/index.ts'

export type Result<T> = { data: T; error?: undefined } | { data?: undefined; error: string }

export async function getJson<T>(path: string): Promise<Result<T>> {
  try {
    const response = await fetch(path, { headers: { accept: 'application/json' } })
    const body = await response.json().catch(() => undefined)
    // /api/health answers 503 with a full report when the cockpit is down; that is data, not a failure.
    if (body !== undefined && (response.ok || response.status === 503)) return { data: body as T }
    return { error: `${path} answered ${response.status} ${response.statusText}` }
  } catch (error) {
    return { error: `cannot reach the cockpit server: ${(error as Error).message}` }
  }
}

export const fetchHealth = (): Promise<Result<HealthReport>> => getJson<HealthReport>('/api/health')
