/** The domain errors of cells/, with guards, so callers catch exactly these and rethrow the rest. */

/** A notebook file that cannot be read: the 1-based line at fault and why. */
export class NotebookFileError extends Error {
  override readonly name = 'NotebookFileError'
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`)
  }
}

export function isNotebookFileError(error: unknown): error is NotebookFileError {
  return error instanceof NotebookFileError
}
