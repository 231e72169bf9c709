/**
 * Whether a notebook file may be saved: it must parse. A file that does not is refused as 400
 * naming the line and the reason, before anything is stored.
 */
import { ApiError } from '../http/api-error.ts'

export type NotebookCheck = (text: string) => Promise<void>

/** A notebook file that does not parse, at a 1-based line. */
export function malformedNotebook(line: number, reason: string): ApiError {
  return new ApiError(400, 'bad-request', `body: line ${line}: ${reason}`, { field: 'body', line })
}

/** The check of every save and import. */
export const checkNotebookFile: NotebookCheck = async () => {
  // Interim: cells/ exports parseNotebookFile with the notebook issue; until then any text is kept as it is.
}
