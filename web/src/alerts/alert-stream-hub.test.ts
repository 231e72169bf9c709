import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { StreamStatus } from '../live/sensor-stream.ts'
import type { AlertHandlers } from './alert-stream.ts'
import { FakeEventSource } from '../lib/fake-event-source.ts'

function recorder(): AlertHandlers & { statuses: StreamStatus[]; seen: number[] } {
  const statuses: StreamStatus[] = []
  const seen: number[] = []
  return { statuses, seen, status: (s) => void statuses.push(s), event: (e) => void seen.push(e.alertId) }
}

beforeEach(() => {
  FakeEventSource.opened = []
  vi.stubGlobal('EventSource', FakeEventSource)
  vi.resetModules()
})
afterEach(() => vi.unstubAllGlobals())

describe('the shared alert streams', () => {
  it('share one connection per address, give a late subscriber the state, and close each with its last subscriber', async () => {
    const { subscribeAlertStream } = await import('./alert-stream-hub.ts')
    const toasts = recorder()
    const chart = recorder()
    const kiosk = recorder()
    const leaveToasts = subscribeAlertStream(toasts)
    FakeEventSource.opened[0]!.onopen?.()
    const leaveChart = subscribeAlertStream(chart)
    const leaveKiosk = subscribeAlertStream(kiosk, '/api/kiosk/t0ken/alerts')
    expect(FakeEventSource.opened.map((source) => source.url)).toEqual(['/api/stream/alerts', '/api/kiosk/t0ken/alerts'])
    expect(toasts.statuses).toEqual(['connecting', 'live'])
    expect(chart.statuses).toEqual(['live'])
    expect(kiosk.statuses).toEqual(['connecting'])

    FakeEventSource.opened[0]!.send('alert', { alertId: 1 })
    FakeEventSource.opened[1]!.send('alert', { alertId: 2 })
    expect([toasts.seen, chart.seen, kiosk.seen]).toEqual([[1], [1], [2]])

    leaveToasts()
    expect(FakeEventSource.opened[0]!.closed).toBe(false)
    leaveChart()
    expect(FakeEventSource.opened[0]!.closed).toBe(true)
    expect(FakeEventSource.opened[1]!.closed).toBe(false)
    leaveKiosk()
    expect(FakeEventSource.opened[1]!.closed).toBe(true)

    // Subscribed again: a new connection.
    subscribeAlertStream(recorder())
    expect(FakeEventSource.opened).toHaveLength(3)
  })
})
