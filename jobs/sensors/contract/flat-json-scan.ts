/**
 * A byte scanner for the flat JSON objects nearly every sensor message is: string and number
 * values only, ASCII strings without escapes. It finds where the contract's fields lie, without
 * decoding the payload to a string or building an object — JSON.parse and the UTF-8 decode
 * before it were most of the parser thread's time. It only says "this is such an object, and
 * here are its fields"; anything it is not sure of (escapes, non-ASCII, nested values, literals,
 * a repeated field, bad syntax) answers false, and the caller takes the general path
 * (JSON.parse and the schema), which alone gives reasons. Pure; reused per message, no garbage.
 */

import { UtcBytesReader } from './iso-timestamp.ts'

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
/**
 * The contract's own layout, `{"sensor_id":"…","machine_id":"…","ts":"…","temperature":…,"unit":"…"}`
 * without spaces, as the literal bytes around its values: checked first, it spares the general
 * scan its key matching and whitespace skipping (a third of the parser thread's time).
 */
const LAYOUT = ['{"sensor_id":"', '","machine_id":"', '","ts":"', '","temperature":', ',"unit":"', '"}'].map((text) => Buffer.from(text, 'latin1'))
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
  /**
   * The `ts` string's epoch ms when the contract's layout had it in the canonical UTC form
   * (./iso-timestamp.ts), read while it was checked; NaN otherwise (then read it from its span).
   */
  tsMs = Number.NaN
  private readonly utc = new UtcBytesReader()
  private bytes: Uint8Array = new Uint8Array(0)
  private at = 0
  private to = 0

  /** Whether bytes[from, to) is one such object; its fields are then in kind/start/end/number. */
  scan(bytes: Uint8Array, from: number, to: number): boolean {
    this.bytes = bytes
    this.at = from
    this.to = to
    this.tsMs = Number.NaN
    if (this.layout(from)) return true
    this.tsMs = Number.NaN
    this.at = from
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

  /** The contract's layout exactly (LAYOUT); false for anything else, the general scan decides. */
  private layout(from: number): boolean {
    const { bytes, to, kind, start, end } = this
    let at = from
    for (let field = 0; field < KEYS.length; field++) {
      const literal = LAYOUT[field]!
      if (!startsWith(bytes, at, to, literal)) return false
      at += literal.length
      start[field] = at
      if (field === TEMPERATURE) {
        this.at = at
        if (!this.numberToken()) return false
        at = this.at
        kind[field] = NUMBER
        this.number[field] = numberValue(bytes, start[field]!, at)
      } else if (field === TS && this.canonicalTs(at)) {
        at += 24
        kind[field] = STRING
      } else {
        at = stringEnd(bytes, at, to)
        if (at < 0) return false
        kind[field] = STRING
      }
      end[field] = at
    }
    const last = LAYOUT[LAYOUT.length - 1]!
    return at + last.length === to && startsWith(bytes, at, to, last)
  }

  /**
   * Whether a canonical UTC timestamp's 24 bytes and its closing quote start at `at`; its value
   * goes to tsMs. Each of those bytes is a digit or one of -T:.Z, so the string needs no other check.
   */
  private canonicalTs(at: number): boolean {
    if (at + 24 >= this.to || this.bytes[at + 24] !== 0x22) return false
    this.tsMs = this.utc.read(this.bytes, at, at + 24) ?? Number.NaN
    return !Number.isNaN(this.tsMs)
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
    if (this.peek() !== 0x22) return false
    const close = stringEnd(this.bytes, this.at + 1, this.to)
    if (close < 0) return false
    this.at = close + 1
    return true
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

/** Where the string whose content starts at `at` closes (its quote), or −1 if it has anything but printable ASCII without escapes. */
function stringEnd(bytes: Uint8Array, at: number, to: number): number {
  for (; at < to; at++) {
    const b = bytes[at]!
    if (b === 0x22) return at
    if (b < 0x20 || b >= 0x80 || b === 0x5c /* \ */) return -1
  }
  return -1
}

function startsWith(bytes: Uint8Array, at: number, to: number, literal: Uint8Array): boolean {
  if (at + literal.length > to) return false
  for (let i = 0; i < literal.length; i++) if (bytes[at + i] !== literal[i]) return false
  return true
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
