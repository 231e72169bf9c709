import { describe, expect, it } from 'vitest'
import type { LiveSensor } from './live-hub.ts'
import { decodeWindowMessage, encodeWindowMessage } from './window-message.ts'
import type { WindowAggregate } from '../windows/index.ts'

const window: WindowAggregate = { sensorId: 'M01-T1', machineId: 'M01', windowStart: Date.UTC(2026, 10, 25, 10), windowEnd: Date.UTC(2026, 10, 25, 10, 1), n: 3, minC: 70, maxC: 72, avgC: 71, stddevC: 1, firstC: 70, lastC: 72 }
const sensor: LiveSensor = { sensorId: 'M01-T1', machineId: 'M01', latest: { ts: Date.UTC(2026, 10, 25, 10, 0, 30), temperatureC: 72 }, window }

function roundTrip(encoded: ReturnType<typeof encodeWindowMessage>) {
  return decodeWindowMessage(Buffer.from(encoded.value), { kind: Buffer.from(encoded.headers.kind), origin: Buffer.from(encoded.headers.origin) })
}

describe('window messages', () => {
  it('key live snapshots by sensor and closed windows by sensor and start, so compaction keeps what matters', () => {
    expect(encodeWindowMessage({ kind: 'live', sensor }, 'a').key).toBe('M01-T1')
    expect(encodeWindowMessage({ kind: 'window', window }, 'a').key).toBe('M01-T1@2026-11-25T10:00:00.000Z')
  })

  it('round-trip with their origin', () => {
    expect(roundTrip(encodeWindowMessage({ kind: 'live', sensor }, 'instance-a'))).toEqual({ origin: 'instance-a', message: { kind: 'live', sensor } })
    expect(roundTrip(encodeWindowMessage({ kind: 'window', window: { ...window, stddevC: null, machineId: null } }, 'b'))).toEqual({ origin: 'b', message: { kind: 'window', window: { ...window, stddevC: null, machineId: null } } })
  })

  it.each([
    [Buffer.from('{}'), { kind: 'live' }, 'no origin header'],
    [Buffer.from('nope'), { kind: 'live', origin: 'a' }, 'value is not JSON'],
    [Buffer.from('{}'), { kind: 'gossip', origin: 'a' }, 'unknown kind header "gossip"'],
    [Buffer.from(JSON.stringify({ ...sensor, latest: { ts: 'noon', temperatureC: 1 } })), { kind: 'live', origin: 'a' }, 'live snapshot: Invalid input: expected number, received string at latest.ts'],
    [Buffer.from(JSON.stringify({ ...window, n: 0 })), { kind: 'window', origin: 'a' }, 'window: Too small: expected number to be >0 at n'],
  ])('reject %s with headers %j: %s', (value, headers, error) => {
    expect(decodeWindowMessage(value, headers)).toEqual({ error })
  })
})
