/**
 * A commit that would remove files a later commit already removed: two writers rebuilt the same
 * table from the same snapshot, and the one that commits second must not overwrite the first.
 * Rebuilding from the newer snapshot is always right, so a writer may try again.
 */
export class CommitConflictError extends Error {
  override readonly name = 'CommitConflictError'
}

/** Runs `attempt` again (at most `attempts` times in all) while it fails with a commit conflict. */
export async function retryOnConflict<T>(attempt: () => Promise<T>, attempts = 3): Promise<T> {
  for (let tried = 1; ; tried += 1) {
    try {
      return await attempt()
    } catch (error) {
      if (!(error instanceof CommitConflictError) || tried >= attempts) throw error
    }
  }
}
