import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { StreamHandlers, StreamStatus } from './sensor-stream.ts'
import { FakeEventSource } from '../lib/fake-event-source.ts'

function recorder(): StreamHandlers & { statuses: StreamStatus[]; seen: string[] } {
  const statuses: StreamStatus[] = []
  const seen: string[] = []
  return { statuses, seen, status: (s) => void statuses.push(s), sensors: (list) => void seen.push(...list.map((s) => s.sensorId)), overflow: () => undefined }
}

beforeEach(() => {
  FakeEventSource.opened = []
  vi.stubGlobal('EventSource', FakeEventSource)
  vi.resetModules()
})
afterEach(() => vi.unstubAllGlobals())

describe('the shared sensor stream', () => {
  it('opens one connection for every subscriber, gives a late one the state and latest readings, and closes with the last', async () => {
    const { subscribeSensorStream } = await import('./sensor-stream-hub.ts')
    const first = recorder()
    const leaveFirst = subscribeSensorStream(first)
    expect(FakeEventSource.opened).toHaveLength(1)
    FakeEventSource.opened[0]!.send('hello', { sensors: [{ sensorId: 'M01-T1' }, { sensorId: 'M02-T1' }] })
    FakeEventSource.opened[0]!.send('live', { sensors: [{ sensorId: 'M01-T1' }] })

    const second = recorder()
    const leaveSecond = subscribeSensorStream(second)
    expect(FakeEventSource.opened).toHaveLength(1)
    expect(second.statuses).toEqual(['live'])
    expect(second.seen).toEqual(['M01-T1', 'M02-T1'])
    FakeEventSource.opened[0]!.send('live', { sensors: [{ sensorId: 'M02-T1' }] })
    expect(first.seen).toEqual(['M01-T1', 'M02-T1', 'M01-T1', 'M02-T1'])
    expect(second.seen.at(-1)).toBe('M02-T1')

    leaveFirst()
    expect(FakeEventSource.opened[0]!.closed).toBe(false)
    leaveSecond()
    expect(FakeEventSource.opened[0]!.closed).toBe(true)
    subscribeSensorStream(recorder())
    expect(FakeEventSource.opened).toHaveLength(2)
  })
})
