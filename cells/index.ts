/**
 * The notebook model, pure TypeScript shared by server and web: cell kinds, the notebook file,
 * references between cells, the dependency graph, run plans and evaluation order. No I/O, no
 * `node:*`, no DOM; the only package is zod. What needs DuckDB (finding a statement's tables and
 * parameters) comes in through a port, `SqlReferencePort`. See docs/notebooks.md.
 */
export { CELL_KINDS, cellSchema, cellSourceSchema, findCell, inputCellSchema, isNamedCell, liveCellSchema, markdownCellSchema, namesOf, notebookSchema, plotCellSchema, sqlCellSchema } from './cell.ts'
export type { Cell, CellKind, CellSource, InputCell, LiveCell, MarkdownCell, NamedCell, Notebook, PlotCell, SqlCell } from './cell.ts'
export { cellNameSchema, isCellName, MAX_CELL_NAME_LENGTH } from './cell-name.ts'
export { describeFieldErrors, fieldErrors } from './field-errors.ts'
export type { FieldError } from './field-errors.ts'
export { INPUT_TYPES, inputDefaultValues, inputParameterNames, inputSpecSchema } from './input-spec.ts'
export type { InputScalar, InputSpec, InputType } from './input-spec.ts'
export { liveSpecSchema, MAX_LIVE_SPAN_MINUTES } from './live-spec.ts'
export type { LiveSpec } from './live-spec.ts'
export { escapeMarkdown, interpolateMarkdown, markdownReferences } from './markdown.ts'
export type { Interpolation, MarkdownValue } from './markdown.ts'
export { channelSchema, MARK_TYPES, markSchema, plotSpecSchema, SCALE_TYPES, scaleSchema } from './plot-spec.ts'
export type { Mark, MarkType, PlotSpec, ScaleOptions } from './plot-spec.ts'
export { isNotebookFileError, NotebookFileError } from './errors.ts'
export { parseNotebookFile } from './notebook-file.ts'
export { formatNotebookFile } from './notebook-file-format.ts'
export type { FormatOptions } from './notebook-file-format.ts'
export { formatJson } from './cell-body.ts'
export { collectReferences, normalizeReferences, tableCellName } from './references.ts'
export type { CellReferences, ReferencesByCell, SqlReferencePort, SqlReferences } from './references.ts'
export { buildGraph, cellId } from './graph.ts'
export type { GraphContext, GraphError, GraphErrorCode, GraphNode, NotebookGraph } from './graph.ts'
export { downstream, planFullRun, planRun } from './plan.ts'
export type { RunPlan, SkippedCell } from './plan.ts'
export { beginPlan, finishRun, initialRunState, isCurrent, startRun } from './run-state.ts'
export type { RunState, RunTicket } from './run-state.ts'
