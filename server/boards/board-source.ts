/**
 * The board a viewer runs: a published version with the notebook files frozen with it, or —
 * for editors who ask for it — the draft over the notebooks' current files.
 */
import { parseNotebookFile, type Notebook } from '../../cells/index.ts'
import type { AppDb } from '../../db/index.ts'
import { currentNotebook } from './board-access.ts'
import { getDraft } from './board-store.ts'
import { getPublished } from './board-versions.ts'
import type { TileSource } from './tile-data.ts'

export async function publishedSource(db: AppDb, id: number, version?: number): Promise<TileSource> {
  const { board, notebooks } = await getPublished(db, id, version)
  const parsed = new Map<number, Notebook>()
  return {
    board,
    cellsKey: `v${board.version}`,
    notebook: async (notebookId) => {
      const frozen = notebooks[notebookId]
      if (frozen === undefined) return undefined
      let notebook = parsed.get(notebookId)
      if (notebook === undefined) parsed.set(notebookId, (notebook = parseNotebookFile(frozen.text)))
      return notebook
    },
  }
}

export async function draftSource(db: AppDb, id: number): Promise<TileSource> {
  return { board: await getDraft(db, id), cellsKey: 'draft', notebook: (notebookId) => currentNotebook(db, notebookId) }
}
