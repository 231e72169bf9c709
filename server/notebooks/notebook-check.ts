/**
 * Whether a notebook file may be saved: it must parse (cells/' parseNotebookFile, the pinned
 * format). A file that does not is refused as 400 naming the line and the reason, before
 * anything is stored. Graph errors (a cycle, an unknown name) do not stop a save: they are a
 * notebook being edited, shown at their cells, not a file that cannot be read.
 */
import { isNotebookFileError, parseNotebookFile, type Notebook } from '../../cells/index.ts'
import { ApiError } from '../http/api-error.ts'

export type NotebookCheck = (text: string) => Promise<void>

/** A notebook file that does not parse, at a 1-based line. */
export function malformedNotebook(line: number, reason: string): ApiError {
  return new ApiError(400, 'bad-request', `body: line ${line}: ${reason}`, { field: 'body', line })
}

/** The notebook of a file, or a 400 naming the line where it cannot be read. */
export function parseOrRefuse(text: string): Notebook {
  try {
    return parseNotebookFile(text)
  } catch (error) {
    if (isNotebookFileError(error)) throw malformedNotebook(error.line, error.reason)
    throw error
  }
}

/** The check of every save and import. */
export const checkNotebookFile: NotebookCheck = async (text) => {
  parseOrRefuse(text)
}
