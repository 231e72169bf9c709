/**
 * A byte scanner for the flat JSON objects nearly every sensor message is: string and number
 * values only, ASCII strings without escapes. It finds where the contract's fields lie, without
 * decoding the payload to a string or building an object — JSON.parse and the UTF-8 decode
 * before it were most of the parser thread's time. It only says "this is such an object, and
 * here are its fields"; anything it is not sure of (escapes, non-ASCII, nested values, literals,
 * a repeated field, bad syntax) answers false, and the caller takes the general path
 * (JSON.parse and the schema), which alone gives reasons. Pure; reused per message, no garbage.
 */

/** Field indices of the contract (./sensor-message.ts). */
export const SENSOR_ID = 0
export const MACHINE_ID = 1
export const TS = 2
export const TEMPERATURE = 3
export const UNIT = 4

export const ABSENT = 0
export const STRING = 1
export const NUMBER = 2

const KEYS = ['sensor_id', 'machine_id', 'ts', 'temperature', 'unit'].map((key) => Buffer.from(key, 'latin1'))
/** Powers of ten exact as doubles; a decimal of at most 15 digits divided by one is correctly rounded. */
const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i)
const MAX_FAST_DIGITS = 15

export class FlatJsonScan {
  /** Per field: ABSENT, STRING or NUMBER. */
  readonly kind = new Uint8Array(KEYS.length)
  /** Per field: a string's content (without quotes) or a number's token, as byte positions. */
  readonly start = new Int32Array(KEYS.length)
  readonly end = new Int32Array(KEYS.length)
  /** Per NUMBER field: its value, as JSON.parse reads it. */
  readonly number = new Float64Array(KEYS.length)
  private bytes: Uint8Array = new Uint8Array(0)
  private at = 0
  private to = 0

  /** Whether bytes[from, to) is one such object; its fields are then in kind/start/end/number. */
  scan(bytes: Uint8Array, from: number, to: number): boolean {
    this.bytes = bytes
    this.at = from
    this.to = to
    this.kind.fill(ABSENT)
    this.skipSpace()
    if (!this.take(0x7b /* { */)) return false
    this.skipSpace()
    if (this.take(0x7d /* } */)) return this.atEnd()
    for (;;) {
      const keyStart = this.at + 1
      if (!this.string()) return false
      const field = fieldOf(bytes, keyStart, this.at - 1)
      this.skipSpace()
      if (!this.take(0x3a /* : */)) return false
      this.skipSpace()
      const valueStart = this.at
      let kind: number
      if (this.peek() === 0x22 /* " */) {
        if (!this.string()) return false
        kind = STRING
      } else {
        if (!this.numberToken()) return false
        kind = NUMBER
      }
      if (field >= 0) {
        // JSON.parse keeps the last of repeated keys; rare enough to leave to it.
        if (this.kind[field] !== ABSENT) return false
        this.kind[field] = kind
        if (kind === STRING) {
          this.start[field] = valueStart + 1
          this.end[field] = this.at - 1
        } else {
          this.start[field] = valueStart
          this.end[field] = this.at
          this.number[field] = numberValue(bytes, valueStart, this.at)
        }
      }
      this.skipSpace()
      if (this.take(0x2c /* , */)) {
        this.skipSpace()
        continue
      }
      if (this.take(0x7d /* } */)) return this.atEnd()
      return false
    }
  }

  private peek(): number {
    return this.at < this.to ? this.bytes[this.at]! : -1
  }

  private take(byte: number): boolean {
    if (this.peek() !== byte) return false
    this.at++
    return true
  }

  /** JSON's whitespace: space, tab, line feed, carriage return (nothing else). */
  private skipSpace(): void {
    const { bytes, to } = this
    let at = this.at
    while (at < to) {
      const b = bytes[at]!
      if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) break
      at++
    }
    this.at = at
  }

  private atEnd(): boolean {
    this.skipSpace()
    return this.at === this.to
  }

  /** A string of printable ASCII without escapes, quotes included; false for anything else. */
  private string(): boolean {
    const { bytes, to } = this
    if (this.peek() !== 0x22) return false
    let at = this.at + 1
    for (; at < to; at++) {
      const b = bytes[at]!
      if (b === 0x22) {
        this.at = at + 1
        return true
      }
      if (b < 0x20 || b >= 0x80 || b === 0x5c /* \ */) return false
    }
    return false
  }

  /** A number as JSON's grammar has it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
  private numberToken(): boolean {
    const { bytes, to } = this
    let at = this.at
    if (at < to && bytes[at] === 0x2d /* - */) at++
    if (at >= to) return false
    if (bytes[at] === 0x30 /* 0 */) at++
    else if (isDigit(bytes[at]!)) while (at < to && isDigit(bytes[at]!)) at++
    else return false
    if (at < to && bytes[at] === 0x2e /* . */) {
      at++
      if (at >= to || !isDigit(bytes[at]!)) return false
      while (at < to && isDigit(bytes[at]!)) at++
    }
    if (at < to && (bytes[at] === 0x65 || bytes[at] === 0x45) /* e E */) {
      at++
      if (at < to && (bytes[at] === 0x2b || bytes[at] === 0x2d) /* + - */) at++
      if (at >= to || !isDigit(bytes[at]!)) return false
      while (at < to && isDigit(bytes[at]!)) at++
    }
    this.at = at
    return true
  }
}

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39
}

/** The contract's field a key names, or −1. */
function fieldOf(bytes: Uint8Array, from: number, to: number): number {
  for (let field = 0; field < KEYS.length; field++) {
    const key = KEYS[field]!
    if (key.length !== to - from) continue
    let same = true
    for (let i = 0; i < key.length; i++) {
      if (bytes[from + i] !== key[i]) {
        same = false
        break
      }
    }
    if (same) return field
  }
  return -1
}

/**
 * The value of a valid number token, as JSON.parse gives it. Plain decimals of up to 15 digits
 * (every temperature on the wire) are an exact integer divided by an exact power of ten — one
 * correctly rounded division, so the same double; anything else is left to Number(), which
 * reads JSON's number grammar exactly as JSON.parse does.
 */
export function numberValue(bytes: Uint8Array, from: number, to: number): number {
  let at = from
  const negative = bytes[at] === 0x2d
  if (negative) at++
  let mantissa = 0
  let digitCount = 0
  let fraction = 0
  let inFraction = false
  for (; at < to; at++) {
    const b = bytes[at]!
    if (b === 0x2e) {
      inFraction = true
      continue
    }
    if (!isDigit(b)) return Number(Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('latin1'))
    mantissa = mantissa * 10 + (b - 0x30)
    digitCount++
    if (inFraction) fraction++
  }
  if (digitCount > MAX_FAST_DIGITS) return Number(Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('latin1'))
  const value = mantissa / POW10[fraction]!
  return negative ? -value : value
}
