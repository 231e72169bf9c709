/** Reading a served cockpit's Server-Sent Events in tests: the frame parser and a background listener. */
export interface SseEvent {
  id?: string
  event: string
  data: any
}

/** Moves the complete events at the start of `buffer` into `events` (comments skipped); returns the incomplete rest. */
export function takeSseEvents(buffer: string, events: SseEvent[]): string {
  let rest = buffer
  let end: number
  while ((end = rest.indexOf('\n\n')) >= 0) {
    const block = rest.slice(0, end)
    rest = rest.slice(end + 2)
    const fields = Object.fromEntries(block.split('\n').filter((line) => !line.startsWith(':')).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]))
    if (fields.event !== undefined) events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data ?? 'null') })
  }
  return rest
}

/** Collects a stream's events in the background until closed. */
export interface SseListener {
  events: SseEvent[]
  close(): Promise<void>
}

export async function listenSse(response: Response): Promise<SseListener> {
  if (!response.ok || response.body === null) throw new Error(`SSE request answered ${response.status}: ${await response.text()}`)
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  const events: SseEvent[] = []
  let buffer = ''
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }))
      if (done) return
      buffer = takeSseEvents(buffer + decoder.decode(value, { stream: true }), events)
    }
  })()
  return {
    events,
    close: async () => {
      await reader.cancel().catch(() => undefined)
      await pump
    },
  }
}
