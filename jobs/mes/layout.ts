/**
 * Which dataset and format an MES object holds, from its key. Default layout: a folder per
 * dataset (`orders/…`) or a file name starting with the dataset's name (`orders-2026-11-24.csv`);
 * the format from the extension. A mapping file (./mapping.ts) can override both, per dataset.
 */
import { DATASET_NAMES, type DatasetName } from './datasets.ts'
import type { Mapping } from './mapping.ts'

export const FORMATS = ['csv', 'json', 'parquet'] as const
export type Format = (typeof FORMATS)[number]

export type Classification = { dataset: DatasetName; format: Format } | { error: string }

const EXTENSIONS: [suffix: string, format: Format][] = [
  ['.csv.gz', 'csv'],
  ['.csv', 'csv'],
  ['.json', 'json'],
  ['.ndjson', 'json'],
  ['.jsonl', 'json'],
  ['.parquet', 'parquet'],
]

export function formatOf(key: string): Format | undefined {
  const lower = key.toLowerCase()
  return EXTENSIONS.find(([suffix]) => lower.endsWith(suffix))?.[1]
}

export function classifyObject(key: string, mapping?: Mapping): Classification {
  const format = formatOf(key)
  if (format === undefined) {
    return { error: `unknown format: expected one of ${EXTENSIONS.map(([suffix]) => suffix).join(', ')}` }
  }
  const dataset = mappedDataset(key, mapping) ?? defaultDataset(key)
  if (dataset === undefined) {
    return { error: `unknown dataset: put the file in a folder named ${DATASET_NAMES.join(', ')} or start its name with one` }
  }
  return { dataset, format }
}

function mappedDataset(key: string, mapping?: Mapping): DatasetName | undefined {
  if (mapping === undefined) return undefined
  for (const name of DATASET_NAMES) {
    const pattern = mapping.datasets[name]?.pattern
    if (pattern !== undefined && new RegExp(pattern).test(key)) return name
  }
  return undefined
}

function defaultDataset(key: string): DatasetName | undefined {
  const parts = key.split('/')
  const file = parts.at(-1) ?? ''
  const folders = parts.slice(0, -1)
  // The innermost folder named after a dataset wins: dumps/2026/orders/x.csv is an orders file.
  const folder = [...folders].reverse().find((part): part is DatasetName => (DATASET_NAMES as readonly string[]).includes(part))
  if (folder !== undefined) return folder
  // Longest name first, so that a name that prefixes another can never shadow it.
  return [...DATASET_NAMES].sort((a, b) => b.length - a.length).find((name) => file.toLowerCase().startsWith(name))
}
