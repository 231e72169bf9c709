/**
 * What a role may see of a board, beyond the access rules' route table: analysts and
 * engineers (and admins) edit drafts; managers see published versions only — never a draft,
 * never a draft run. Also the notebooks a draft's tiles read, for checks and draft runs.
 */
import { isNotebookFileError, parseNotebookFile, type Notebook } from '../../cells/index.ts'
import type { AppDb } from '../../db/index.ts'
import type { Role } from '../auth/access-rules.ts'
import { ApiError } from '../http/api-error.ts'
import { getNotebook } from '../notebooks/notebook-store.ts'

export const BOARD_EDITORS: readonly Role[] = ['analyst', 'engineer', 'admin']

export function canEditBoards(role: Role): boolean {
  return BOARD_EDITORS.includes(role)
}

export function requireEditor(role: Role, what: string): void {
  if (!canEditBoards(role)) throw new ApiError(403, 'forbidden', `a ${role} sees published boards only and may not ${what}`)
}

/** The current file of a notebook, parsed; undefined when there is none or it does not parse. */
export async function currentNotebook(db: AppDb, id: number): Promise<Notebook | undefined> {
  const notebook = await getNotebook(db, id).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) return undefined
    throw error
  })
  if (notebook === undefined) return undefined
  try {
    return parseNotebookFile(notebook.text)
  } catch (error) {
    // A stored notebook parsed when saved; should the format tighten, the tile says "no such notebook".
    if (isNotebookFileError(error)) return undefined
    throw error
  }
}
