import { describe, expect, it } from 'vitest'
import { FlatJsonScan, MACHINE_ID, SENSOR_ID, STRING } from './flat-json-scan.ts'
import { packMessages } from './message-block.ts'
import { parseBlock } from './parse-block.ts'
import { SensorIds } from './sensor-ids.ts'
import { acceptScanned, parseSensorMessage, type ScannedReading } from './sensor-message.ts'

// The parser thread reads flat messages from their bytes and leaves the rest to JSON.parse and
// the schema. Both must answer exactly alike: the same readings (ids, ts, °C to the bit), the
// same rejects with the same reasons. So every test here compares against parseSensorMessage.

const now = Date.parse('2026-11-25T10:00:00Z')
const std = (fields: Record<string, string>): string => `{${Object.entries(fields).map(([k, v]) => `"${k}":${v}`).join(',')}}`
const standard = '{"sensor_id":"M07-T1","machine_id":"M07","ts":"2026-11-25T09:59:00.123Z","temperature":71.3,"unit":"C"}'

const shapes: string[] = [
  standard,
  ' \t\n{ "sensor_id" : "M07-T1" ,\r\n "machine_id":"M07", "ts":"2026-11-25T09:59:00.123Z","temperature" : 71.3 , "unit":"C" } \n',
  '{"unit":"F","temperature":160.5,"ts":"2026-11-25T09:59:00.123Z","machine_id":"M07","sensor_id":"M07-T1"}',
  '{"sensor_id":"M07-T1","ts":"2026-11-25T09:59:00.123Z","temperature":71.3}',
  '{"sensor_id":"M07-T1","machine_id":"M07","ts":"2026-11-25T09:59:00.123Z","temperature":71.3,"unit":"c"}',
  '{"sensor_id":"M07-T1","machine_id":"M07","ts":"2026-11-25T09:59:00.123Z","temperature":300,"unit":"k"}',
  '{"sensor_id":"M07-T1","machine_id":"M07","ts":"2026-11-25T09:59:00.123Z","temperature":71.3,"unit":"f"}',
  '{"sensor_id":"M07-T1","machine_id":"M07","ts":"2026-11-25T09:59:00.123Z","temperature":71.3,"unit":"X"}',
  '{"sensor_id":"M07-T1","machine_id":"M07","ts":"2026-11-25T09:59:00.123Z","temperature":71.3,"unit":"CC"}',
  '{"sensor_id":"M07-T1","machine_id":"M07","ts":"2026-11-25T09:59:00.123Z","temperature":71.3,"unit":""}',
  '{"sensor_id":"M07-T1","machine_id":"M07","ts":"2026-11-25T09:59:00.123Z","temperature":71.3,"unit":7}',
  '{"sensor_id":"M07-T1","machine_id":"M07","ts":"2026-11-25T09:59:00.123Z","temperature":71.3,"unit":null}',
  // Extra fields, of every kind.
  '{"sensor_id":"M07-T1","firmware":"1.2","ts":"2026-11-25T09:59:00.123Z","seq":17,"temperature":71.3}',
  '{"sensor_id":"M07-T1","meta":{"a":[1,2]},"ts":"2026-11-25T09:59:00.123Z","temperature":71.3}',
  '{"sensor_id":"M07-T1","ok":true,"none":null,"ts":"2026-11-25T09:59:00.123Z","temperature":71.3}',
  '{"sensor_id":"M07-T1","":"","ts":"2026-11-25T09:59:00.123Z","temperature":71.3,"__proto__":"x"}',
  '{"sensor_id":"M07-T1","note":"caf\\u00e9 \\"q\\"","ts":"2026-11-25T09:59:00.123Z","temperature":71.3}',
  '{"sensor_id":"M07-T1","note":"café","ts":"2026-11-25T09:59:00.123Z","temperature":71.3}',
  // Escapes, Unicode, spaces and emptiness in the ids.
  '{"sensor_id":"M07\\u002dT1","machine_id":"M07","ts":"2026-11-25T09:59:00.123Z","temperature":71.3}',
  '{"sensor_id":"M07-T1\\n","machine_id":"M07","ts":"2026-11-25T09:59:00.123Z","temperature":71.3}',
  '{"sensor_id":"Möhre-1","machine_id":"Mü","ts":"2026-11-25T09:59:00.123Z","temperature":71.3}',
  '{"sensor_id":"🌡-1","machine_id":"M07","ts":"2026-11-25T09:59:00.123Z","temperature":71.3}',
  '{"sensor_id":" M07-T1","machine_id":"M07 ","ts":"2026-11-25T09:59:00.123Z","temperature":71.3}',
  '{"sensor_id":"M07-T1","machine_id":" M07","ts":"2026-11-25T09:59:00.123Z","temperature":71.3}',
  '{"sensor_id":"\\u00a0M07-T1","ts":"2026-11-25T09:59:00.123Z","temperature":71.3}',
  '{"sensor_id":"   ","ts":"2026-11-25T09:59:00.123Z","temperature":71.3}',
  '{"sensor_id":"","ts":"2026-11-25T09:59:00.123Z","temperature":71.3}',
  '{"sensor_id":"M07-T1","machine_id":"","ts":"2026-11-25T09:59:00.123Z","temperature":71.3}',
  '{"sensor_id":"M07-T1","machine_id":null,"ts":"2026-11-25T09:59:00.123Z","temperature":71.3}',
  '{"sensor_id":"M07-T1","machine_id":7,"ts":"2026-11-25T09:59:00.123Z","temperature":71.3}',
  '{"sensor_id":7,"ts":"2026-11-25T09:59:00.123Z","temperature":71.3}',
  '{"sensor_id":"M07\tT1","ts":"2026-11-25T09:59:00.123Z","temperature":71.3}',
  '{"sensor_id":"M07\u007fT1","ts":"2026-11-25T09:59:00.123Z","temperature":71.3}',
  '{"ts":"2026-11-25T09:59:00.123Z","temperature":71.3}',
  // Repeated keys: JSON.parse keeps the last.
  '{"sensor_id":"A","sensor_id":"B","ts":"2026-11-25T09:59:00.123Z","temperature":71.3}',
  '{"sensor_id":"A","ts":"2026-11-25T09:59:00.123Z","temperature":71.3,"temperature":-500}',
  // Timestamps.
  '{"sensor_id":"s","ts":1795600740000,"temperature":1}',
  '{"sensor_id":"s","ts":1.7956007400005e12,"temperature":1}',
  '{"sensor_id":"s","ts":0,"temperature":1}',
  '{"sensor_id":"s","ts":-5,"temperature":1}',
  '{"sensor_id":"s","ts":1e999,"temperature":1}',
  '{"sensor_id":"s","ts":"2026-11-25T10:59:00+01:00","temperature":1}',
  '{"sensor_id":"s","ts":"2026-11-25T09:59:00.1234Z","temperature":1}',
  '{"sensor_id":"s","ts":"2026-11-25T09:59Z","temperature":1}',
  '{"sensor_id":"s","ts":"2023-02-29T00:00:00.000Z","temperature":1}',
  '{"sensor_id":"s","ts":"2024-02-29T00:00:00.000Z","temperature":1}',
  '{"sensor_id":"s","ts":"2026-11-25T24:00:00.000Z","temperature":1}',
  '{"sensor_id":"s","ts":"2026-11-25Tx0:00:00.000Z","temperature":1}',
  '{"sensor_id":"s","ts":"0999-11-25T10:00:00.000Z","temperature":1}',
  '{"sensor_id":"s","ts":"2026-11-25 10:00:00.000Z","temperature":1}',
  '{"sensor_id":"s","ts":"2026-11-25T10:05:00.000Z","temperature":1}',
  '{"sensor_id":"s","ts":"2026-11-25T10:05:00.001Z","temperature":1}',
  '{"sensor_id":"s","ts":"yesterday","temperature":1}',
  '{"sensor_id":"s","ts":null,"temperature":1}',
  '{"sensor_id":"s","temperature":1}',
  // Numbers.
  ...['1e2', '-0', '-0.0', '0', '.5', '0.5', '01', '1.', '-', '1e', '1E+2', '1e-2', '-1.5E-3', '71.30000000000001', '0.1', '0.30000000000000004', '123456789012345', '1234567890123456789', '3.141592653589793238462643', '-273.15', '-273.16', '-300', '1e999', '-1e999', '"71.3"', 'null', 'true', '[71]', '+1', '0x10', 'NaN', 'Infinity', '71.3.1', '00.5', '-.5', '1e+', '2e308', '4.9e-324', '9007199254740993'].map((t) => std({ sensor_id: '"s"', ts: '"2026-11-25T09:59:00.000Z"', temperature: t })),
  std({ sensor_id: '"s"', ts: '"2026-11-25T09:59:00.000Z"', temperature: '-1', unit: '"K"' }),
  std({ sensor_id: '"s"', ts: '"2026-11-25T09:59:00.000Z"', temperature: '-459.67', unit: '"F"' }),
  std({ sensor_id: '"s"', ts: '"2026-11-25T09:59:00.000Z"', temperature: '-459.68', unit: '"F"' }),
  // Not objects, not JSON, damaged.
  '', 'null', '[]', '[1,2]', '"text"', '42', '{}', '{"sensor_id":"s"', 'temperature=41', '{"sensor_id":"s",}', '{,"sensor_id":"s"}',
  `\ufeff${standard}`, `${standard} x`, `${standard}}`, `${standard.slice(0, -1)},}`, '{"sensor_id" "s"}', "{'sensor_id':'s'}",
]

/** The reference: every payload decoded and parsed by the contract, codes in first-seen order. */
function reference(payloads: (Buffer | null)[]) {
  const ids = new SensorIds()
  const readings: unknown[] = []
  const rejects: unknown[] = []
  payloads.forEach((payload, i) => {
    const text = payload === null ? null : payload.toString('utf8')
    const parsed = parseSensorMessage(text, { now })
    if ('reading' in parsed) readings.push([ids.code(parsed.reading.sensorId, parsed.reading.machineId), parsed.reading.ts, parsed.reading.temperatureC, 1000 + i])
    else rejects.push({ offset: 1000 + i, payload: text ?? '', reason: parsed.reject, key: null, value: payload === null ? null : new Uint8Array(payload) })
  })
  return { readings, rejects, ids: ids.since(0) }
}

/** The parser thread's answer for the same payloads, as one fetched batch. */
function threaded(payloads: (Buffer | null)[]) {
  const ids = new SensorIds()
  const messages = payloads.map((value, i) => ({ offset: String(1000 + i), value }))
  const parsed = parseBlock(packMessages(0, messages, 0, now), ids)
  const r = parsed.readings
  const readings = Array.from({ length: r.count }, (_, i) => [r.codes[i], r.ts[i], r.temperatureC[i], r.offsets[i]])
  return { readings, rejects: parsed.rejects, ids: ids.since(0) }
}

/** Equal, telling −0 from 0 (toEqual does too, via Object.is). */
function expectSame(payloads: (Buffer | null)[]): void {
  const expected = reference(payloads)
  const actual = threaded(payloads)
  expect(actual.ids).toEqual(expected.ids)
  expect(actual.readings).toEqual(expected.readings)
  expect(actual.rejects).toEqual(expected.rejects)
}

describe('the scanned path of the parser thread answers as the contract', () => {
  it('on each shape alone', () => {
    for (const shape of shapes) {
      const payloads = [Buffer.from(shape)]
      expect(threaded(payloads), shape).toEqual(reference(payloads))
    }
  })

  it('on all shapes in one block (codes shared between both paths), with a null value', () => {
    expectSame([...[...shapes, ...shapes.slice().reverse()].map((s): Buffer | null => Buffer.from(s)), null])
  })

  it('takes the fast path for the standard layouts, and not for what needs the general one', () => {
    const scan = new FlatJsonScan()
    const out: ScannedReading = { ts: 0, temperatureC: 0 }
    const fast = (text: string): boolean => {
      const bytes = Buffer.from(text)
      return scan.scan(bytes, 0, bytes.length) && acceptScanned(scan, bytes, { now }, out)
    }
    expect(fast(standard)).toBe(true)
    expect(out).toEqual({ ts: Date.parse('2026-11-25T09:59:00.123Z'), temperatureC: 71.3 })
    expect(scan.kind[SENSOR_ID]).toBe(STRING)
    expect(scan.kind[MACHINE_ID]).toBe(STRING)
    for (const text of [shapes[1]!, shapes[2]!, shapes[3]!, shapes[12]!, '{"sensor_id":"s","ts":1795600740000,"temperature":1e2}']) expect(fast(text), text).toBe(true)
    const general = ['{"sensor_id":"M07\\u002dT1","ts":"2026-11-25T09:59:00.123Z","temperature":1}', '{"sensor_id":"Mü","ts":"2026-11-25T09:59:00.123Z","temperature":1}', '{"sensor_id":" s","ts":"2026-11-25T09:59:00.123Z","temperature":1}', '{"sensor_id":"s","ts":"2026-11-25T10:59:00+01:00","temperature":1}', '{"sensor_id":"s","meta":{},"ts":"2026-11-25T09:59:00.123Z","temperature":1}', '{"sensor_id":"s","ts":"2026-11-25T09:59:00.123Z","temperature":-300}']
    for (const text of general) expect(fast(text), text).toBe(false)
  })

  it('finds the same fields in the contract\'s own layout as the general scan does', () => {
    const layout = new FlatJsonScan()
    const general = new FlatJsonScan()
    for (const text of [standard, standard.replace('71.3', '-0.5e1'), standard.replace('"C"', '""').replace('"M07"', '"M 7"')]) {
      const bytes = Buffer.from(text)
      // One space after the brace: the layout no longer matches, the general scan reads it.
      const spaced = Buffer.from(` ${text}`)
      expect(layout.scan(bytes, 0, bytes.length), text).toBe(true)
      expect(general.scan(spaced, 0, spaced.length), text).toBe(true)
      expect([...layout.kind]).toEqual([...general.kind])
      expect([...layout.start]).toEqual([...general.start].map((at) => at - 1))
      expect([...layout.end]).toEqual([...general.end].map((at) => at - 1))
      expect([...layout.number]).toEqual([...general.number])
    }
  })

  it('reads numbers as JSON.parse does, to the bit', () => {
    const scan = new FlatJsonScan()
    const random = seeded(7)
    const tokens = ['0', '-0', '1e2', '-1.5E-3', '0.1', '0.30000000000000004', '123456789012345.6', '9007199254740993', '2e308', '4.9e-324', '1e-400']
    for (let i = 0; i < 20_000; i++) {
      const digits = 1 + Math.floor(random() * 18)
      let token = random() < 0.3 ? '-' : ''
      const intDigits = Math.floor(random() * digits)
      token += intDigits === 0 ? '0' : String(1 + Math.floor(random() * 9)) + Array.from({ length: intDigits - 1 }, () => Math.floor(random() * 10)).join('')
      if (digits - intDigits > 0) token += '.' + Array.from({ length: digits - intDigits }, () => Math.floor(random() * 10)).join('')
      tokens.push(token)
    }
    for (const token of tokens) {
      const bytes = Buffer.from(`{"temperature":${token}}`)
      expect(scan.scan(bytes, 0, bytes.length), token).toBe(true)
      expect(Object.is(scan.number[3], JSON.parse(token)), token).toBe(true)
    }
  })

  it('on thousands of damaged messages (bytes deleted, replaced and inserted, seeded)', () => {
    const random = seeded(42)
    const inserts = [' ', '\t', '\n', '"', '\\', ',', ':', '{', '}', '[', '0', '9', '-', '.', 'e', 'ü', '\u00a0', 'null', '\\u0041', 'Z', '+01:00']
    const bases = [standard, shapes[2]!, shapes[3]!, '{"sensor_id":"s","ts":1795600740000,"temperature":-1.25,"unit":"K"}']
    const payloads: Buffer[] = []
    for (let i = 0; i < 6_000; i++) {
      let text = bases[i % bases.length]!
      const edits = 1 + Math.floor(random() * 3)
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * (text.length + 1))
        const what = random()
        if (what < 0.33) text = text.slice(0, at) + text.slice(at + 1)
        else if (what < 0.66) text = text.slice(0, at) + inserts[Math.floor(random() * inserts.length)]! + text.slice(at + 1)
        else text = text.slice(0, at) + inserts[Math.floor(random() * inserts.length)]! + text.slice(at)
      }
      payloads.push(Buffer.from(text))
    }
    // Invalid UTF-8 too: the general path decodes it with replacement characters.
    payloads.push(Buffer.from([0x7b, 0x22, 0x73, 0xff, 0x22, 0x7d]), Buffer.concat([Buffer.from('{"sensor_id":"'), Buffer.from([0xc3]), Buffer.from('","ts":1795600740000,"temperature":1}')]))
    expectSame(payloads)
  })
})

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function seeded(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
