import { describe, expect, it } from 'vitest'
import { parseSensorMessage } from './sensor-message.ts'

const now = Date.parse('2026-11-25T10:00:00Z')
const parse = (payload: unknown, machineOf?: (id: string) => string | undefined) =>
  parseSensorMessage(typeof payload === 'string' ? payload : JSON.stringify(payload), { now, machineOf })

describe('parseSensorMessage', () => {
  it('accepts the documented message and keeps event time in UTC', () => {
    expect(parse({ sensor_id: 'M07-T1', machine_id: 'M07', ts: '2026-11-25T10:00:00.123Z', temperature: 71.3, unit: 'C' })).toEqual({
      reading: { sensorId: 'M07-T1', machineId: 'M07', ts: Date.parse('2026-11-25T10:00:00.123Z'), temperatureC: 71.3 },
    })
  })

  it('converts °F and K to °C, defaults to °C, reads offsets and epoch milliseconds, ignores unknown fields', () => {
    const f = parse({ sensor_id: 's', ts: now, temperature: 212, unit: 'F', firmware: '1.2' })
    expect(f).toEqual({ reading: { sensorId: 's', machineId: null, ts: now, temperatureC: 100 } })
    const k = parse({ sensor_id: 's', ts: '2026-11-25T11:00:00+01:00', temperature: 273.15, unit: 'k' })
    expect(k).toEqual({ reading: { sensorId: 's', machineId: null, ts: now, temperatureC: 0 } })
    expect(parse({ sensor_id: 's', ts: now, temperature: 20 })).toMatchObject({ reading: { temperatureC: 20 } })
  })

  it('answers the same on the fast path and through the schema: ids are trimmed, an empty machine is rejected', () => {
    expect(parse({ sensor_id: ' M07-T1 ', machine_id: ' M07', ts: now, temperature: 70 })).toEqual({ reading: { sensorId: 'M07-T1', machineId: 'M07', ts: now, temperatureC: 70 } })
    expect(parse({ sensor_id: 'M07-T1', machine_id: null, ts: now, temperature: 70 })).toEqual({ reading: { sensorId: 'M07-T1', machineId: null, ts: now, temperatureC: 70 } })
    expect(parse({ sensor_id: '   ', ts: now, temperature: 70 })).toEqual({ reject: 'missing sensor_id' })
    expect(parse({ sensor_id: 'M07-T1', machine_id: '', ts: now, temperature: 70 })).toHaveProperty('reject')
    expect(parse({ sensor_id: 'M07-T1', ts: now, temperature: 70, unit: 3 })).toHaveProperty('reject')
  })

  it('takes the machine from the sensor map when the message has none', () => {
    expect(parse({ sensor_id: 'M03-T2', ts: now, temperature: 50 }, (id) => id.split('-')[0])).toMatchObject({ reading: { machineId: 'M03' } })
  })

  it.each([
    ['{not json', 'not JSON'],
    ['[1,2]', 'not a JSON object'],
    [{ ts: now, temperature: 1 }, 'missing sensor_id'],
    [{ sensor_id: 's', temperature: 1 }, 'missing ts'],
    [{ sensor_id: 's', ts: now }, 'missing temperature'],
    [{ sensor_id: 's', ts: now, temperature: '71.3' }, 'temperature is not a number'],
    ['{"sensor_id":"s","ts":1795600800000,"temperature":1e999}', 'temperature is not a finite number'],
    [{ sensor_id: 's', ts: now, temperature: -300 }, 'temperature is below absolute zero (-300 C)'],
    [{ sensor_id: 's', ts: now, temperature: -1, unit: 'K' }, 'temperature is below absolute zero (-1 K)'],
    [{ sensor_id: 's', ts: now, temperature: 1, unit: 'R' }, 'unknown unit "R" (expected C, F or K)'],
    [{ sensor_id: 's', ts: '2026-11-25 10:00:00', temperature: 1 }, 'ts is not an ISO-8601 timestamp with a zone or epoch milliseconds ("2026-11-25 10:00:00")'],
    [{ sensor_id: 's', ts: now + 301_000, temperature: 1 }, 'ts is more than 5 minutes in the future (2026-11-25T10:05:01.000Z)'],
  ])('rejects %j: %s', (payload, reason) => {
    expect(parse(payload)).toEqual({ reject: reason })
  })
})
