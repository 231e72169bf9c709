/**
 * Export files: DuckDB COPYs a page into a uniquely named file under the data dir's tmp
 * folder; the response streams it and the file is unlinked as soon as it is open, so nothing
 * is left behind whether the client reads it all, disconnects or the server stops.
 */
import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { open, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'

export interface ExportStream {
  body: ReadableStream<Uint8Array>
  size: number
}

export function exportPath(dir: string, extension: string): string {
  mkdirSync(dir, { recursive: true })
  return join(dir, `${randomUUID()}.${extension}`)
}

/** Opens the file, unlinks it, and returns a stream of its bytes. */
export async function streamAndDelete(file: string): Promise<ExportStream> {
  try {
    const handle = await open(file, 'r')
    const { size } = await handle.stat()
    await rm(file, { force: true })
    return { body: Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>, size }
  } catch (error) {
    await rm(file, { force: true })
    throw error
  }
}

export async function discard(file: string): Promise<void> {
  await rm(file, { force: true })
}
