import { describe, expect, it } from 'vitest'
import { CommitConflictError, retryOnConflict } from './commit-conflict.ts'

describe('retryOnConflict', () => {
  const failing = (conflicts: number, other?: Error) => {
    let calls = 0
    const attempt = async (): Promise<number> => {
      calls += 1
      if (other !== undefined) throw other
      if (calls <= conflicts) throw new CommitConflictError(`conflict ${calls}`)
      return calls
    }
    return { attempt, calls: () => calls }
  }

  it('tries again after a conflict and answers what the later attempt commits', async () => {
    const run = failing(2)
    await expect(retryOnConflict(run.attempt)).resolves.toBe(3)
  })

  it('gives up after its attempts, with the last conflict', async () => {
    const run = failing(5)
    await expect(retryOnConflict(run.attempt, 3)).rejects.toThrow('conflict 3')
    expect(run.calls()).toBe(3)
  })

  it('never repeats any other failure', async () => {
    const run = failing(0, new Error('disk full'))
    await expect(retryOnConflict(run.attempt)).rejects.toThrow('disk full')
    expect(run.calls()).toBe(1)
  })
})
