/**
 * Page cursors: where the next page starts and which catalog snapshot the pages read, so that
 * commits landing between two requests neither repeat nor skip a row. Opaque to clients
 * (base64url of a small JSON object); a cursor that does not decode is a bad request.
 */
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from '@oslojs/encoding'
import { z } from 'zod'
import { badRequest } from '../http/api-error.ts'

export interface Cursor {
  /** The catalog snapshot every page of this listing reads. */
  snapshot: number
  /** Rows before this page. */
  offset: number
}

const cursorSchema = z.strictObject({ v: z.literal(1), s: z.number().int().min(0), o: z.number().int().min(0) })

export function encodeCursor(cursor: Cursor): string {
  return encodeBase64urlNoPadding(new TextEncoder().encode(JSON.stringify({ v: 1, s: cursor.snapshot, o: cursor.offset })))
}

export function decodeCursor(text: string): Cursor {
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(decodeBase64urlIgnorePadding(text)))
  } catch {
    throw badRequest('cursor', 'not a cursor this API issued (use the nextCursor of a previous page)')
  }
  const parsed = cursorSchema.safeParse(json)
  if (!parsed.success) throw badRequest('cursor', 'not a cursor this API issued (use the nextCursor of a previous page)')
  return { snapshot: parsed.data.s, offset: parsed.data.o }
}
