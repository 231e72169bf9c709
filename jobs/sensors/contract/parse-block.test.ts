import { describe, expect, it } from 'vitest'
import { packMessages } from './message-block.ts'
import { parseBlock } from './parse-block.ts'
import { SensorIds } from './sensor-ids.ts'

const now = Date.parse('2026-11-25T10:00:00Z')
const values = [
  JSON.stringify({ sensor_id: 'T1', machine_id: 'M1', ts: now - 2_000, temperature: 70 }),
  'temperature=41',
  JSON.stringify({ sensor_id: 'T2', ts: '2026-11-25T09:59:59.000Z', temperature: 50, unit: 'F' }),
  JSON.stringify({ sensor_id: 'T1', machine_id: 'M1', ts: now - 1_000, temperature: 71 }),
]

/** As kafkajs decodes them: every key and value a view of one response buffer, with bytes between. */
function fetched(from = 100): { offset: string; key: Buffer | null; value: Buffer | null }[] {
  const response = Buffer.from(values.map((v, i) => `#k${i}#${v}`).join(''))
  let at = 0
  const messages: { offset: string; key: Buffer | null; value: Buffer | null }[] = values.map((v, i) => {
    at += 1
    const key = i === 0 ? null : response.subarray(at, at + 2)
    at += 3
    const value = response.subarray(at, at + Buffer.byteLength(v))
    at += value.length
    return { offset: String(from + i), key, value }
  })
  messages.push({ offset: String(from + values.length), key: Buffer.from('null-value'), value: null })
  return messages
}

describe('packing and parsing a fetched batch', () => {
  it('gives the readings as columns and the rejects with offsets, payloads and reasons', () => {
    const ids = new SensorIds()
    const parsed = parseBlock(packMessages(3, fetched(), 0, now), ids)
    expect(parsed.partition).toBe(3)
    expect(parsed.readings.count).toBe(3)
    expect([...parsed.readings.offsets]).toEqual([100, 102, 103])
    expect([...parsed.readings.codes]).toEqual([0, 1, 0])
    expect(parsed.readings.temperatureC[1]).toBeCloseTo(10)
    expect(parsed.maxTs).toBe(now - 1_000)
    expect(parsed.newIds).toEqual([['T1', 'M1'], ['T2', null]])
    // A reject carries its key and value bytes as they arrived, for its dead letter.
    expect(parsed.rejects).toEqual([
      { offset: 101, payload: 'temperature=41', reason: 'not JSON', key: new Uint8Array(Buffer.from('k1')), value: new Uint8Array(Buffer.from('temperature=41')) },
      { offset: 104, payload: '', reason: 'empty message', key: new Uint8Array(Buffer.from('null-value')), value: null },
    ])
    // The thread's codes carry over to the next block.
    expect(parseBlock(packMessages(3, fetched(200), 0, now), ids).newIds).toEqual([])
  })

  it('skips messages below the offset already in the pipeline, and copies values from separate buffers', () => {
    const separate = fetched().map((m) => ({ ...m, value: m.value === null ? null : Buffer.from(m.value) }))
    const block = packMessages(0, separate, 102, now)
    expect([...block.offsets]).toEqual([102, 103, 104])
    // The packed values are those of the messages at offsets 102–104, copied from their own buffers.
    const values = [...block.offsets].map((_, i) => (block.starts[i]! < 0 ? null : Buffer.from(block.bytes.subarray(block.starts[i]!, block.ends[i]!)).toString()))
    expect(values).toEqual(separate.slice(2).map((m) => (m.value === null ? null : m.value.toString())))
    const parsed = parseBlock(block, new SensorIds())
    expect(parsed.readings.count).toBe(2)
    expect(parsed.rejects.map((r) => [r.offset, r.key === null ? null : Buffer.from(r.key).toString()])).toEqual([[104, 'null-value']])
  })

  it('packs keys and values that share one buffer as one copy of their span, from the offset on', () => {
    // As kafkajs decodes an uncompressed fetch: all views of one response, headers between them.
    const response = Buffer.from(values.map((v, i) => `##k${i}#${v}`).join('') + '##')
    let at = 0
    const messages = values.map((v, i) => {
      at += 2
      const key = i === 1 ? null : response.subarray(at, at + 2)
      at += 3
      const value = response.subarray(at, at + Buffer.byteLength(v))
      at += value.length
      return { offset: String(100 + i), key, value }
    })
    const block = packMessages(0, messages, 101, now)
    expect([...block.offsets]).toEqual([101, 102, 103])
    expect(block.bytes.length).toBeLessThan(response.length)
    const text = (starts: Int32Array, ends: Int32Array, i: number): string | null => (starts[i]! < 0 ? null : Buffer.from(block.bytes.subarray(starts[i]!, ends[i]!)).toString())
    expect([0, 1, 2].map((i) => text(block.starts, block.ends, i))).toEqual(values.slice(1))
    expect([0, 1, 2].map((i) => text(block.keyStarts, block.keyEnds, i))).toEqual([null, 'k2', 'k3'])
    // With gaps in the offsets (a compacted topic), each offset is read and compared.
    const gapped = messages.map((m, i) => ({ ...m, offset: String(100 + i * i) }))
    expect([...packMessages(0, gapped, 101, now).offsets]).toEqual([101, 104, 109])
    expect([...packMessages(0, gapped, 104, now).offsets]).toEqual([104, 109])
    expect([...packMessages(0, gapped, 0, now).offsets]).toEqual([100, 101, 104, 109])
    expect(packMessages(0, messages, 200, now).offsets.length).toBe(0)
  })

  it('keeps the offsets of a batch with gaps (a compacted topic)', () => {
    const gaps = fetched().map((m, i) => ({ ...m, offset: String(100 + i * i) }))
    expect([...packMessages(0, gaps, 101, now).offsets]).toEqual([101, 104, 109, 116])
  })
})
