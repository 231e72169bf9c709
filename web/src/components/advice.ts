/** What a reader can do about a failed call, by the API's error code; undefined when the message says it all. */
import type { ApiProblem } from '../lib/api.ts'

const ADVICE: Record<string, string> = {
  unreachable: 'Check that the cockpit server is running and the network is up, then try again.',
  forbidden: 'Your role may not do this; an administrator can change it.',
  timeout: 'The query ran too long: narrow it (fewer days, fewer machines) or aggregate first.',
  busy: 'The cockpit is busy: wait a few seconds and try again.',
  unavailable: 'The cockpit cannot serve data right now; the Overview shows which component is down.',
  internal: 'This is a fault in the cockpit: try again, and tell an administrator if it persists.',
}

export function adviceFor(problem: Pick<ApiProblem, 'code'>): string | undefined {
  return ADVICE[problem.code]
}
