/**
 * The messages between the SQL service and its sandbox workers (Node IPC with structured
 * clone, so Arrow bytes travel as a Uint8Array). The worker validates what it receives.
 */
import { z } from 'zod'
import type { SqlErrorBody } from './sql-errors.ts'

export const RESULT_FORMATS = ['json', 'arrow', 'csv'] as const
export type ResultFormat = (typeof RESULT_FORMATS)[number]

const paramValue = z.union([z.string(), z.number(), z.boolean(), z.null()])
export const sqlParams = z.union([z.array(paramValue), z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a parameter name is letters, digits and _'), paramValue)])
export type SqlParams = z.infer<typeof sqlParams>

export const sandboxLimits = z.object({
  plantTz: z.string(),
  tempDir: z.string(),
  /** Folders DuckDB may read: the catalog (or its S3 read cache). */
  allowedDirs: z.array(z.string()),
  memoryLimit: z.string(),
  threads: z.number().int().min(1),
  maxTempDirectorySize: z.string(),
})
export type SandboxLimits = z.infer<typeof sandboxLimits>

export const workerRequest = z.object({
  type: z.literal('query'),
  id: z.number().int(),
  /** Statements that create the catalog's schemas and views, computed by the server. */
  views: z.array(z.string()),
  sql: z.string(),
  params: sqlParams.optional(),
  format: z.enum(RESULT_FORMATS),
  limit: z.number().int().min(0),
  timeoutMs: z.number().int().min(1),
  limits: sandboxLimits,
})
export type WorkerRequest = z.infer<typeof workerRequest>

/** Stop the running query `id` now: its client went away. A cancel for another id is ignored. */
export const workerCancel = z.object({ type: z.literal('cancel'), id: z.number().int() })
export type WorkerCancel = z.infer<typeof workerCancel>

/** What the server sends a worker; the worker validates it. */
export const workerMessage = z.discriminatedUnion('type', [workerRequest, workerCancel])
export type WorkerMessage = z.infer<typeof workerMessage>

export interface ResultColumn {
  name: string
  /** DuckDB's type name, e.g. BIGINT, DECIMAL(18,3), TIMESTAMP WITH TIME ZONE. */
  type: string
}

export interface QueryOutput {
  columns: ResultColumn[]
  rowCount: number
  /** More rows than `limit` existed; only `limit` are in the output. */
  truncated: boolean
  /** JSON-safe rows (format json): big integers and decimals as strings, times as ISO-like text. */
  rows?: unknown[][]
  /** Arrow IPC stream bytes (format arrow). */
  arrow?: Uint8Array
  /** RFC 4180 text with a header (format csv). */
  csv?: string
}

export type WorkerReply = { type: 'ready' } | { type: 'result'; id: number; output: QueryOutput } | { type: 'error'; id: number; error: SqlErrorBody }
