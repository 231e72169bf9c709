/** A one-line progress bar on stderr for long jobs run from a terminal. */
import type { JobProgress } from '../../jobs/index.ts'

export function progressBar(write: (text: string) => void, label: string): { update(progress: JobProgress): void; done(): void } {
  let last = 0
  return {
    update: (progress) => {
      const now = Date.now()
      if (now - last < 100 && progress.done < progress.total) return
      last = now
      const width = 24
      const filled = progress.total === 0 ? width : Math.round((progress.done / progress.total) * width)
      const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`
      const current = progress.current === undefined ? '' : ` · ${progress.current}`
      write(`\r\x1b[2K${label} [${bar}] ${progress.done}/${progress.total} objects · ${progress.rows.toLocaleString('en')} rows · ${(progress.elapsedMs / 1000).toFixed(1)} s${current}`)
    },
    done: () => write('\r\x1b[2K'),
  }
}
