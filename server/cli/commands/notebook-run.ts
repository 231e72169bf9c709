/**
 * `cockpit notebook run <file.md>`: runs the notebook in this process with the runner of
 * POST /api/notebooks/{id}/run, over the data dir's catalog through the same SQL sandbox as
 * `cockpit sql` — so the file gives the same cells either way. Exit 1 when a cell failed.
 */
import { readFile } from 'node:fs/promises'
import { ApiError } from '../../http/api-error.ts'
import { parseOrRefuse } from '../../notebooks/notebook-check.ts'
import { runtimeNotebookRunner } from '../../notebooks/notebook-runtime.ts'
import type { CellResult, RunInputs } from '../../notebooks/notebook-schemas.ts'
import { inputFromText } from '../../notebooks/run-inputs.ts'
import type { CommandContext, CommandRun } from '../command.ts'
import { formatResult } from '../format-result.ts'
import { UsageError } from '../usage-error.ts'
import { withRuntime } from '../with-runtime.ts'
import { NOTEBOOK_USAGE } from './notebook.ts'

const FORMATS = ['table', 'json'] as const

export const runNotebookCommand: CommandRun = async (context: CommandContext) => {
  const [action, file] = context.args
  if (action !== 'run') throw new UsageError(`unknown notebook command '${action}': ${NOTEBOOK_USAGE}`)
  const format = context.flags.format ?? 'table'
  if (!(FORMATS as readonly unknown[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got '${String(format)}'`)
  const text = await readFile(file!, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`)
  })
  try {
    const notebook = parseOrRefuse(text)
    const inputs: RunInputs = {}
    for (const pair of context.lists.input ?? []) {
      const at = pair.indexOf('=')
      if (at <= 0) throw new UsageError(`--input must be name=value, got '${pair}'`)
      inputs[pair.slice(0, at)] = inputFromText(notebook, pair.slice(0, at), pair.slice(at + 1))
    }
    return await withRuntime(context, async (runtime) => {
      const result = await runtimeNotebookRunner(runtime)(text, { inputs })
      context.io.stdout(format === 'json' ? JSON.stringify(result, null, 2) : result.cells.map(describeCell).join('\n\n'))
      return result.cells.some((cell) => cell.status === 'error') ? 1 : 0
    })
  } catch (error) {
    // A file that does not parse, an input that does not fit: one line, as the route's 400.
    if (!(error instanceof ApiError) || error.status !== 400) throw error
    context.io.stderr(`cockpit: ${file}: ${error.message.replace(/^body: /, '')}`)
    return 1
  }
}

function describeCell(cell: CellResult): string {
  const head = `== ${cell.name} (${cell.kind}) ${cell.status}`
  if (cell.error !== undefined) {
    const at = cell.error.line === undefined ? '' : ` (line ${cell.error.line}${cell.error.column === undefined ? '' : `, column ${cell.error.column}`})`
    return `${head}: ${cell.error.code}${at}: ${cell.error.message}`
  }
  if (cell.columns === undefined) return head
  const rows = cell.rows ?? []
  const note = cell.truncated === true ? `\n(only the first ${rows.length} rows)` : `\n(${rows.length} row${rows.length === 1 ? '' : 's'})`
  return `${head}\n${formatResult({ columns: cell.columns, rows }, 'table')}${note}`
}
