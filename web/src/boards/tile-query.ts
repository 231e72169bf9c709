/**
 * The address of a tile's data and of the board's exports. A published board's tiles run the
 * frozen version (what managers and kiosks see); the draft runs only for its editors. Board
 * inputs travel by their own names in the query string, as the server reads them.
 */
import type { InputValues } from './tile-inputs.ts'

export type TileFormat = 'json' | 'csv' | 'parquet'

export interface TileRequest {
  board: number
  tile: string
  /** A published version; undefined with `draft` for the editor's view. */
  version?: number
  draft?: boolean
  /** A catalog snapshot id: the board as of then. */
  asOf?: number
  inputs: InputValues
  format?: TileFormat
  /** Where the board's routes live: `/api/boards` signed in, the kiosk link's own prefix on a TV. */
  base?: string
}

export function tileDataPath(request: TileRequest): string {
  const query = new URLSearchParams()
  query.set('format', request.format ?? 'json')
  if (request.draft) query.set('draft', 'true')
  else if (request.version !== undefined) query.set('version', String(request.version))
  if (request.asOf !== undefined) query.set('asOf', String(request.asOf))
  for (const [name, value] of Object.entries(request.inputs)) if (value !== undefined && value !== '') query.set(name, value)
  return `${request.base ?? '/api/boards'}/${request.board}/tiles/${encodeURIComponent(request.tile)}/data?${query}`
}

/** A published board rendered by the server's headless Chromium, as PDF or PNG (it shows what a kiosk shows: the published version, default inputs). */
export function boardExportPath(board: number, format: 'pdf' | 'png', version?: number): string {
  return `/api/boards/${board}/export?format=${format}${version === undefined ? '' : `&version=${version}`}`
}
