/**
 * The board a viewer runs: a published version with the notebook files frozen with it, or —
 * for editors who ask for it — the draft over the notebooks' current files. A published version
 * never changes, so its parsed board and notebooks are kept (a few hundred at most): fifty
 * viewers asking for eight tiles each cost one small read per request (which version is the
 * latest, and that the board still exists), not a parse of the notebooks each.
 */
import { parseNotebookFile, type Notebook } from '../../cells/index.ts'
import type { AppDb } from '../../db/index.ts'
import { notFound } from '../http/api-error.ts'
import { currentNotebook } from './board-access.ts'
import { getDraft } from './board-store.ts'
import { getPublished } from './board-versions.ts'
import type { TileSource } from './tile-data.ts'

const KEPT_VERSIONS = 200

export class PublishedSources {
  readonly #kept = new Map<string, Promise<TileSource>>()

  constructor(private readonly db: AppDb) {}

  /** A published version (the latest without `version`); 404 when the board or version is not there. */
  async get(id: number, version?: number): Promise<TileSource> {
    const row = await this.db.selectFrom('boards').select('published_version').where('id', '=', id).executeTakeFirst()
    if (row === undefined) throw notFound(`no board ${id}`, 'id')
    const wanted = version ?? row.published_version
    if (wanted === null) throw notFound(`board ${id} has not been published`, 'id')
    const key = `${id}@${wanted}`
    let source = this.#kept.get(key)
    if (source === undefined) {
      source = publishedSource(this.db, id, wanted)
      this.#kept.set(key, source)
      // A failed read (no such version) is not kept.
      source.catch(() => this.#kept.delete(key))
      for (const old of this.#kept.keys()) {
        if (this.#kept.size <= KEPT_VERSIONS) break
        this.#kept.delete(old)
      }
    }
    return source
  }
}

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
