/** `cockpit sql "<query>"`: a read-only query over the catalog of the data dir, through the same sandbox as the server. */
import { runSql } from '../../sql/sql-service.ts'
import { SqlError } from '../../sql/sql-errors.ts'
import type { CommandContext, CommandRun } from '../command.ts'
import { formatResult, OUTPUT_FORMATS, type OutputFormat } from '../format-result.ts'
import { UsageError } from '../usage-error.ts'
import { withRuntime } from '../with-runtime.ts'

export const runSqlCommand: CommandRun = async (context: CommandContext) => {
  const format = (context.flags.format ?? 'table') as OutputFormat
  if (!OUTPUT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, got '${String(format)}'`)
  const asOf = optionalInteger(context.flags['as-of'], '--as-of')
  const maxRows = optionalInteger(context.flags['max-rows'], '--max-rows')
  return withRuntime(context, async (runtime) => {
    try {
      const result = await runSql(runtime.sqlSandbox, { sql: context.args[0]!, asOf, limit: maxRows })
      context.io.stdout(formatResult(result, format))
      if (result.truncated) context.io.stderr(`(only the first ${result.rows.length} rows are shown; use --max-rows)`)
      return 0
    } catch (error) {
      if (!(error instanceof SqlError)) throw error
      const at = error.line === undefined ? '' : ` (line ${error.line}${error.column === undefined ? '' : `, column ${error.column}`})`
      context.io.stderr(`cockpit: SQL error ${error.code}${at}: ${error.message}`)
      return 1
    }
  })
}

function optionalInteger(value: string | boolean | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (!Number.isInteger(number) || number < 0) throw new UsageError(`${flag} must be a whole number, got '${String(value)}'`)
  return number
}
