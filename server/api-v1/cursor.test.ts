import { describe, expect, it } from 'vitest'
import { ApiError } from '../http/api-error.ts'
import { decodeCursor, encodeCursor } from './cursor.ts'

describe('page cursors', () => {
  it('round-trip the snapshot and the offset in URL-safe text', () => {
    const text = encodeCursor({ snapshot: 42, offset: 100_000 })
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(decodeCursor(text)).toEqual({ snapshot: 42, offset: 100_000 })
  })

  it.each([
    ['not base64', '!!!'],
    ['base64 of no JSON', 'aGVsbG8'],
    ['a JSON object of another shape', Buffer.from('{"s":1}').toString('base64url')],
    ['a negative offset', Buffer.from('{"v":1,"s":1,"o":-5}').toString('base64url')],
    ['an empty string', ''],
  ])('reject %s as a bad request naming the cursor', (_, text) => {
    let error: unknown
    try {
      decodeCursor(text)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 400, code: 'bad-request', field: 'cursor' })
  })
})
