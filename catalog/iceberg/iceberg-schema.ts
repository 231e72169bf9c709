/**
 * A catalog table's columns as an Iceberg schema, and the name mapping that lets readers match
 * our Parquet files' columns by name: DuckDB writes no Parquet field ids, and Iceberg readers
 * resolve columns by id unless the table property `schema.name-mapping.default` maps names to ids.
 * Field ids are the columns' positions (1-based) in the table's current definition.
 */
import type { ColumnDefinition } from '../table-registry.ts'

export interface IcebergField {
  id: number
  name: string
  required: false
  type: string
}

export interface IcebergSchema {
  type: 'struct'
  'schema-id': number
  fields: IcebergField[]
}

const PRIMITIVES: Record<string, string> = {
  VARCHAR: 'string',
  TEXT: 'string',
  BIGINT: 'long',
  INTEGER: 'int',
  SMALLINT: 'int',
  TINYINT: 'int',
  DOUBLE: 'double',
  REAL: 'float',
  FLOAT: 'float',
  BOOLEAN: 'boolean',
  DATE: 'date',
  TIMESTAMP: 'timestamp',
  TIMESTAMPTZ: 'timestamptz',
  'TIMESTAMP WITH TIME ZONE': 'timestamptz',
}

/** The Iceberg type of a DuckDB column type; throws on a type the export does not map. */
export function icebergType(duckdbType: string): string {
  const type = duckdbType.trim().toUpperCase()
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type)
  if (decimal !== null) return `decimal(${decimal[1]}, ${decimal[2]})`
  const mapped = PRIMITIVES[type]
  if (mapped === undefined) throw new Error(`no Iceberg type for DuckDB type ${duckdbType}`)
  return mapped
}

export function icebergSchema(columns: readonly ColumnDefinition[]): IcebergSchema {
  // Every column is optional: old files may lack a column added later, and keys can be NULL.
  const fields = columns.map((column, index) => ({ id: index + 1, name: column.name, required: false as const, type: icebergType(column.type) }))
  return { type: 'struct', 'schema-id': 0, fields }
}

/** Ids of columns that files hold but the table does not show start here, clear of the table's own. */
export const FILE_ONLY_FIRST_ID = 10_000

/**
 * The value of `schema.name-mapping.default`: each field id with the column name files use.
 * Files also hold columns the table does not show (the order columns of MES rows, lineage);
 * PyIceberg refuses a file column the mapping lacks, so those get ids too — ids no schema field
 * has, which readers then leave out. Their order is kept from one metadata file to the next.
 */
export function nameMapping(schema: IcebergSchema, fileOnlyColumns: readonly string[]): string {
  const fields = schema.fields.map((field) => ({ 'field-id': field.id, names: [field.name] }))
  const extras = fileOnlyColumns.map((name, index) => ({ 'field-id': FILE_ONLY_FIRST_ID + index, names: [name] }))
  return JSON.stringify([...fields, ...extras])
}

/** `known` plus the names in `seen` that are neither table columns nor known yet, in a stable order. */
export function fileOnlyColumns(schema: IcebergSchema, known: readonly string[], seen: readonly string[]): string[] {
  const taken = new Set([...schema.fields.map((f) => f.name), ...known])
  return [...known, ...[...new Set(seen)].filter((name) => !taken.has(name)).sort()]
}
