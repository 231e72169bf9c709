/**
 * The wire timestamp of a sensor message: ISO-8601 with `Z` or an offset (a naive time is
 * ambiguous on the wire). Pure. The common form, `2026-11-25T10:00:00.123Z`, is read digit by
 * digit: the regular expression and Date.parse were a tenth of the parser thread's time. Any
 * other form, or a field out of range, takes the general path, so both answer alike (tested
 * against Date.parse).
 */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/

/** Epoch ms, or undefined when the text is not such a timestamp. */
export function parseIsoTimestamp(text: string): number | undefined {
  const fast = canonicalUtc(text)
  if (fast !== undefined) return fast
  const value = text.trim()
  if (!ISO.test(value)) return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : ms
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** `YYYY-MM-DDTHH:MM:SS.sssZ` with every field in range, else undefined (not an answer: ask the general path). */
function canonicalUtc(s: string): number | undefined {
  if (s.length !== 24 || s.charCodeAt(23) !== 90 /* Z */ || s.charCodeAt(10) !== 84 /* T */) return undefined
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46) return undefined
  return utcOf(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2), digits(s, 11, 2), digits(s, 14, 2), digits(s, 17, 2), digits(s, 20, 3))
}

/**
 * The same form read from bytes[from, to) (the parser thread's scanner, ./flat-json-scan.ts,
 * hands it a string's span without decoding it): epoch ms, or undefined for anything else —
 * then decode the text and ask parseIsoTimestamp.
 */
export function canonicalUtcBytes(bytes: Uint8Array, from: number, to: number): number | undefined {
  if (to - from !== 24 || bytes[from + 23] !== 90 /* Z */ || bytes[from + 10] !== 84 /* T */) return undefined
  if (bytes[from + 4] !== 45 || bytes[from + 7] !== 45 || bytes[from + 13] !== 58 || bytes[from + 16] !== 58 || bytes[from + 19] !== 46) return undefined
  return utcOf(byteDigits(bytes, from, 4), byteDigits(bytes, from + 5, 2), byteDigits(bytes, from + 8, 2), byteDigits(bytes, from + 11, 2), byteDigits(bytes, from + 14, 2), byteDigits(bytes, from + 17, 2), byteDigits(bytes, from + 20, 3))
}

/**
 * canonicalUtcBytes with a memory of the last minute it read: the readings of a fetched batch
 * mostly share their date, hour and minute, and bytes equal to ones already read and checked
 * need only their seconds and milliseconds read (Date.UTC and the date checks were a tenth of
 * the parser thread's time). Same answers as canonicalUtcBytes (tested side by side).
 */
export class UtcBytesReader {
  /** `YYYY-MM-DDTHH:MM:` of the last timestamp read, and its minute in epoch ms. */
  private readonly minute = new Uint8Array(17)
  private minuteMs = Number.NaN

  read(bytes: Uint8Array, from: number, to: number): number | undefined {
    if (to - from !== 24 || bytes[from + 23] !== 90 /* Z */ || bytes[from + 19] !== 46 /* . */) return undefined
    if (!Number.isNaN(this.minuteMs) && this.sameMinute(bytes, from)) {
      const second = byteDigits(bytes, from + 17, 2)
      const ms = byteDigits(bytes, from + 20, 3)
      if (second < 0 || second > 59 || ms < 0) return undefined
      return this.minuteMs + second * 1000 + ms
    }
    const value = canonicalUtcBytes(bytes, from, to)
    if (value === undefined) return undefined
    this.minute.set(bytes.subarray(from, from + 17))
    this.minuteMs = value - byteDigits(bytes, from + 17, 2) * 1000 - byteDigits(bytes, from + 20, 3)
    return value
  }

  private sameMinute(bytes: Uint8Array, from: number): boolean {
    const minute = this.minute
    for (let i = 16; i >= 0; i--) if (bytes[from + i] !== minute[i]) return false
    return true
  }
}

function utcOf(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number | undefined {
  // Years below 1000 are left to Date.parse (Date.UTC reads 0–99 as 1900–1999); −1 is a non-digit.
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0) return undefined
  const leap = month === 2 && (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))
  if (day > DAYS_IN_MONTH[month - 1]! + (leap ? 1 : 0)) return undefined
  return Date.UTC(year, month - 1, day, hour, minute, second, ms)
}

/** The decimal number of `length` digits at `from`; −1 if any is not a digit. */
function digits(s: string, from: number, length: number): number {
  let value = 0
  for (let i = from; i < from + length; i++) {
    const d = s.charCodeAt(i) - 48
    if (d < 0 || d > 9) return -1
    value = value * 10 + d
  }
  return value
}

function byteDigits(bytes: Uint8Array, from: number, length: number): number {
  let value = 0
  for (let i = from; i < from + length; i++) {
    const d = bytes[i]! - 48
    if (d < 0 || d > 9) return -1
    value = value * 10 + d
  }
  return value
}
