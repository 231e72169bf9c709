/**
 * The boards' calls to the server (issue 14), typed by the server's own zod schemas through
 * server/index.ts. Results are values, as everywhere in the web app: `{data}` or `{error}`.
 */
import type { Board, BoardSummary, BoardVersion, CreatedKioskLink, KioskLink, KioskView, NewBoard, NewKioskLink, PublishResult, SaveBoard, TileAlerts, TileData } from '../../../server/index.ts'
import { json, request, type Result } from '../lib/api.ts'

const boardPath = (id: number) => `/api/boards/${id}`
/** A 204 has no body to read. */
const noBody = async (): Promise<undefined> => undefined

export const fetchBoards = (): Promise<Result<{ boards: BoardSummary[] }>> => request('/api/boards')
/** Without a version: the draft for analysts and engineers, the latest published version for managers. */
export const fetchBoard = (id: number, version?: number): Promise<Result<Board>> => request(`${boardPath(id)}${version === undefined ? '' : `?version=${version}`}`)
export const createBoard = (board: NewBoard): Promise<Result<Board>> => request('/api/boards', json('POST', board))
/** Saves on the revision it was edited from; a 409 `conflict` names who saved since, and nothing was written. */
export const saveBoard = (id: number, board: SaveBoard): Promise<Result<Board>> => request(boardPath(id), json('PUT', board))
export const deleteBoard = (id: number): Promise<Result<undefined>> => request(boardPath(id), { method: 'DELETE' }, noBody)
export const publishBoard = (id: number): Promise<Result<PublishResult>> => request(`${boardPath(id)}/publish`, { method: 'POST' })
export const fetchBoardVersions = (id: number): Promise<Result<{ versions: BoardVersion[] }>> => request(`${boardPath(id)}/versions`)
/** Makes a published version the draft again (a new revision); publishing it is a separate step. */
export const restoreBoardVersion = (id: number, version: number): Promise<Result<Board>> => request(`${boardPath(id)}/versions/${version}/restore`, { method: 'POST' })

/** A tile's run; the path comes from tileDataPath (signed in or through a kiosk link). */
export const fetchTileData = (path: string, signal?: AbortSignal): Promise<Result<TileData>> => request(path, { signal })
/** An alerts tile's list; the path comes from tileAlertsPath. */
export const fetchTileAlerts = (path: string, signal?: AbortSignal): Promise<Result<TileAlerts>> => request(path, { signal })

export const fetchKioskLinks = (): Promise<Result<{ links: KioskLink[] }>> => request('/api/kiosk-links')
export const createKioskLink = (link: NewKioskLink): Promise<Result<CreatedKioskLink>> => request('/api/kiosk-links', json('POST', link))
export const revokeKioskLink = (id: string): Promise<Result<undefined>> => request(`/api/kiosk-links/${encodeURIComponent(id)}`, { method: 'DELETE' }, noBody)
/** What a kiosk page shows: its link's published boards, read with the token alone (no session). */
export const fetchKioskView = (token: string): Promise<Result<KioskView>> => request(`/api/kiosk/${encodeURIComponent(token)}`)
