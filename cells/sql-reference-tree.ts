/**
 * The references in the tree DuckDB's `json_serialize_sql` answers: tables (`BASE_TABLE` nodes,
 * minus the names of CTEs in scope) and parameters (`PARAMETER` expressions). Pure, so the
 * server's port and the browser's read the tree the same way — one walk, not two.
 */
import type { SqlReferences } from './references.ts'

/** What `json_serialize_sql` answers: the statements, or where and why the parse failed. */
export interface SerializedSql {
  error?: boolean
  error_type?: string
  error_message?: string
  position?: string
  statements?: unknown[]
}

/** The references in a serialized statement tree: tables as written, named (`from`) and numbered parameters. */
export function referencesOfTree(tree: unknown): SqlReferences {
  const tables = new Set<string>()
  const parameters = new Set<string>()
  const walk = (value: unknown, ctes: ReadonlySet<string>): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, ctes)
      return
    }
    if (value === null || typeof value !== 'object') return
    const node = value as Record<string, unknown>
    let scope = ctes
    const cteMap = (node.cte_map as { map?: { key?: unknown }[] } | undefined)?.map
    if (Array.isArray(cteMap) && cteMap.length > 0) {
      // A WITH's names are in scope in its own definitions (recursive CTEs) and its body.
      scope = new Set([...ctes, ...cteMap.map((entry) => String(entry.key).toLowerCase())])
    }
    if (node.type === 'BASE_TABLE' && typeof node.table_name === 'string') {
      const schema = typeof node.schema_name === 'string' ? node.schema_name : ''
      const catalog = typeof node.catalog_name === 'string' ? node.catalog_name : ''
      if (schema === '' && catalog === '') {
        if (!scope.has(node.table_name.toLowerCase())) tables.add(node.table_name)
      } else tables.add([catalog, schema, node.table_name].filter((part) => part !== '').join('.'))
    }
    if (node.class === 'PARAMETER' && typeof node.identifier === 'string') parameters.add(node.identifier)
    for (const child of Object.values(node)) walk(child, scope)
  }
  walk(tree, new Set())
  return { tables: [...tables], parameters: [...parameters] }
}
