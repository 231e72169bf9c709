/** Listens to a served cockpit's SSE stream in the background, collecting events until closed. */
export interface SseEvent {
  id?: string
  event: string
  data: any
}

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
      buffer += decoder.decode(value, { stream: true })
      let end: number
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const fields = Object.fromEntries(block.split('\n').filter((line) => !line.startsWith(':')).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]))
        if (fields.event !== undefined) events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data ?? 'null') })
      }
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
