/**
 * A stand-in for the browser's EventSource in unit tests (stubbed as the global with
 * `vi.stubGlobal`): every instance made is kept in `opened`, and the test sends its events.
 */
export class FakeEventSource {
  static readonly CLOSED = 2
  static opened: FakeEventSource[] = []
  readyState = 1
  closed = false
  onopen: (() => void) | null = null
  onerror: (() => void) | null = null
  private readonly listeners = new Map<string, (event: MessageEvent<string>) => void>()

  constructor(readonly url: string) {
    FakeEventSource.opened.push(this)
  }

  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(type, listener)
  }

  /** Delivers a `type` event whose data is `data` as JSON. */
  send(type: string, data: unknown): void {
    this.listeners.get(type)?.({ data: JSON.stringify(data) } as MessageEvent<string>)
  }

  close(): void {
    this.closed = true
  }
}
