import { describe, expect, it } from 'vitest'
import { canonicalUtcBytes, parseIsoTimestamp, UtcBytesReader } from './iso-timestamp.ts'

describe('parseIsoTimestamp', () => {
  it('reads the common UTC form exactly as Date.parse, over many instants', () => {
    const from = Date.parse('1999-12-31T23:59:59.999Z')
    for (let i = 0; i < 20_000; i++) {
      const text = new Date(from + i * 7_919_993_317).toISOString()
      expect(parseIsoTimestamp(text), text).toBe(Date.parse(text))
    }
  })

  it('answers as Date.parse and the contract for the other forms and the edge cases', () => {
    const same = ['2024-02-29T12:00:00.000Z', '2026-11-25T11:00:00+01:00', '2026-11-25T10:00Z', '2026-11-25T10:00:00.1234Z', '0050-01-01T00:00:00.000Z', ' 2026-11-25T10:00:00.000Z ']
    for (const text of same) expect(parseIsoTimestamp(text), text).toBe(Date.parse(text.trim()))
    const invalid = ['2026-13-01T00:00:00.000Z', '2026-11-25 10:00:00.000Z', '2026-11-25T10:00:00.000', '2026-11-2xT10:00:00.000Z', '2026-11-25Tx0:00:00.000Z', '2026-11-25T10:x0:00.000Z', '2026-11-25T10:00:x0.000Z', 'yesterday']
    for (const text of invalid) expect(parseIsoTimestamp(text), text).toBeUndefined()
    // Out-of-range fields leave the fast path; the general path answers whatever it did before.
    for (const text of ['2023-02-29T00:00:00.000Z', '2026-11-25T24:00:00.000Z', '2026-11-31T00:00:00.000Z']) {
      const general = Date.parse(text)
      expect(parseIsoTimestamp(text), text).toBe(Number.isNaN(general) ? undefined : general)
    }
  })
})

describe('UtcBytesReader', () => {
  const bytesOf = (text: string): Buffer => Buffer.from(`"${text}"`, 'latin1')
  const read = (reader: UtcBytesReader, text: string): number | undefined => {
    const bytes = bytesOf(text)
    return reader.read(bytes, 1, bytes.length - 1)
  }

  it('answers as canonicalUtcBytes for a stream of nearby and distant instants', () => {
    const reader = new UtcBytesReader()
    const from = Date.parse('2024-02-28T23:58:00.000Z')
    // Steps of 0.1–61 s (minutes shared and changing, across a leap day and midnight), then jumps of days.
    let t = from
    for (let i = 0; i < 20_000; i++) {
      t += i < 10_000 ? 100 + ((i * 7_919) % 61_000) : 86_400_000 + i
      const text = new Date(t).toISOString()
      const bytes = bytesOf(text)
      expect(read(reader, text), text).toBe(canonicalUtcBytes(bytes, 1, bytes.length - 1))
    }
  })

  it('refuses within a remembered minute what canonicalUtcBytes refuses', () => {
    const reader = new UtcBytesReader()
    expect(read(reader, '2026-11-25T10:00:00.000Z')).toBe(Date.parse('2026-11-25T10:00:00.000Z'))
    for (const text of ['2026-11-25T10:00:60.000Z', '2026-11-25T10:00:6x.000Z', '2026-11-25T10:00:00.0x0Z', '2026-11-25T10:00:00,000Z', '2026-11-25T10:00:00.000+', '2026-11-25T10:00:00.00Z']) {
      const bytes = bytesOf(text)
      expect(canonicalUtcBytes(bytes, 1, bytes.length - 1), text).toBeUndefined()
      expect(read(reader, text), text).toBeUndefined()
    }
    // A refused minute is not remembered; the next valid one is read in full.
    expect(read(reader, '2026-11-25T10:61:00.000Z')).toBeUndefined()
    expect(read(reader, '2026-11-25T10:00:59.999Z')).toBe(Date.parse('2026-11-25T10:00:59.999Z'))
  })
})
