/**
 * The notebook resources as the workbench API speaks them: one set of zod schemas validates the
 * requests and generates the OpenAPI document (/api/openapi.json), so the two cannot drift.
 */
import { z } from '@hono/zod-openapi'

/** A notebook file may be at most this long (the import and save bodies are limited to 1 MiB in front). */
export const MAX_NOTEBOOK_CHARS = 500_000

export const notebookIdParam = z.coerce.number().int().min(1).openapi({ param: { name: 'id', in: 'path' }, example: 1, description: 'The notebook’s id.' })
export const versionParam = z.coerce.number().int().min(1).openapi({ param: { name: 'version', in: 'path' }, example: 1, description: 'A version number of the notebook.' })

export const notebookText = z.string().max(MAX_NOTEBOOK_CHARS, `a notebook file may be at most ${MAX_NOTEBOOK_CHARS} characters`).openapi({ description: 'The notebook’s Markdown file (the format of docs/notebooks.md).', example: '# OEE this week\n\n```sql oee\nselect machine_id, avg(oee) as oee from kpi.machine_daily group by 1\n```\n' })

export const notebookSummarySchema = z
  .object({
    id: z.number().int(),
    title: z.string().openapi({ description: 'The file’s first `# ` heading.' }),
    owner: z.string().openapi({ description: 'Who created it.' }),
    createdAt: z.string(),
    updatedAt: z.string().openapi({ description: 'When the current version was saved.' }),
    updatedBy: z.string().openapi({ description: 'Who saved the current version.' }),
    version: z.number().int().openapi({ description: 'The current version; a save names it as its base.' }),
  })
  .openapi('NotebookSummary')

export const notebookSchema = notebookSummarySchema.extend({ text: notebookText }).openapi('Notebook')

export const notebookListSchema = z.object({ notebooks: z.array(notebookSummarySchema) }).openapi('NotebookList')

export const listQuery = z.object({
  q: z.string().max(200).optional().openapi({ description: 'Only notebooks whose title or owner contains this (case-insensitive).' }),
})

export const newNotebookSchema = z
  .strictObject({
    text: notebookText.optional().openapi({ description: 'The Markdown file; without it, an empty notebook titled `title`.' }),
    title: z.string().min(1).max(200).optional(),
  })
  .openapi('NewNotebook')

export const saveNotebookSchema = z
  .strictObject({
    text: notebookText,
    baseVersion: z.number().int().min(1).openapi({ description: 'The version this text was edited from; if another was saved since, the save is refused (409) and nothing is written.' }),
  })
  .openapi('SaveNotebook')

export const versionSchema = z
  .object({
    version: z.number().int(),
    author: z.string(),
    createdAt: z.string(),
    summary: z.string().openapi({ description: 'What changed against the version before: cells added, changed, removed by name, or `restored version n`.' }),
  })
  .openapi('NotebookVersion')

export const versionFileSchema = versionSchema.extend({ text: notebookText }).openapi('NotebookVersionFile')

export const versionListSchema = z.object({ versions: z.array(versionSchema) }).openapi('NotebookVersionList')

export const importedSchema = z.object({ id: z.number().int(), version: z.number().int() }).openapi('ImportedNotebook')

const inputValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.union([z.string(), z.number()])), z.object({ from: z.string(), to: z.string() })])
export const runRequestSchema = z
  .strictObject({
    inputs: z.record(z.string(), inputValue).optional().openapi({ description: 'Values of input cells by name; an input not given takes its default.' }),
  })
  .openapi('RunNotebook')

export const cellErrorSchema = z.object({
  code: z.string().openapi({ description: 'The API error code (`invalid-sql`, `timeout`, …) or a notebook error (`cycle`, `unknown-name`, `invalid-spec`, …).' }),
  message: z.string(),
  line: z.number().int().optional().openapi({ description: 'The 1-based line in the cell’s own text.' }),
  column: z.number().int().optional(),
})

export const cellResultSchema = z
  .object({
    name: z.string(),
    kind: z.enum(['sql', 'plot', 'input', 'markdown', 'live']),
    status: z.enum(['ok', 'error', 'skipped']),
    columns: z.array(z.object({ name: z.string(), type: z.string() })).optional(),
    rows: z.array(z.array(z.unknown())).optional(),
    rowCount: z.number().int().optional(),
    truncated: z.boolean().optional(),
    error: cellErrorSchema.optional(),
  })
  .openapi('CellResult')

export const runResultSchema = z.object({ cells: z.array(cellResultSchema) }).openapi('NotebookRun')
export type RunResult = z.infer<typeof runResultSchema>
export type CellResult = z.infer<typeof cellResultSchema>
export type RunInputs = NonNullable<z.infer<typeof runRequestSchema>['inputs']>
