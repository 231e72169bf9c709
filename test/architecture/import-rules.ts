/**
 * The dependency direction of docs/architecture.md as a checker of one file's imports, so the
 * architecture test can run it over the tree and over synthetic sources that break a rule:
 * cells → nothing · db → nothing · catalog → db, types of cells · jobs → catalog, cells, db ·
 * server → catalog, jobs, cells, db · web → cells, types of server.
 * A folder is entered only through its index.ts. cells/ runs in the browser and in Node, so it
 * imports no node:* module and only the packages of CELLS_PACKAGES; its freedom from DOM and
 * Node globals is the job of cells/tsconfig.json (a DOM global is no import, so no import scan
 * can see it).
 */
import { dirname, relative, resolve } from 'node:path'

export const FOLDERS = ['cells', 'db', 'catalog', 'jobs', 'server', 'web'] as const
export type Folder = (typeof FOLDERS)[number]

const allowed: Record<Folder, { value: Folder[]; typeOnly: Folder[] }> = {
  cells: { value: [], typeOnly: [] },
  db: { value: [], typeOnly: [] },
  catalog: { value: ['db'], typeOnly: ['cells'] },
  jobs: { value: ['catalog', 'cells', 'db'], typeOnly: [] },
  server: { value: ['catalog', 'jobs', 'cells', 'db'], typeOnly: [] },
  web: { value: ['cells'], typeOnly: ['server'] },
}

/** npm packages cells/ may import: each one must run unchanged in the browser and in Node. */
export const CELLS_PACKAGES: readonly string[] = ['zod']

export interface ImportRef {
  specifier: string
  typeOnly: boolean
}

export function importsOf(text: string): ImportRef[] {
  const refs: ImportRef[] = []
  const pattern = /(?:^|\n)\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g
  for (const match of text.matchAll(pattern)) {
    const specifier = match[3] ?? match[4] ?? match[5]
    if (specifier !== undefined) refs.push({ specifier, typeOnly: match[2] !== undefined })
  }
  return refs
}

/** `@scope/name/sub` → `@scope/name`, `zod/v4` → `zod`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
}

function folderOf(root: string, path: string): string {
  return relative(root, path).split('/')[0] ?? ''
}

/** The rule violations of one source file (`file` absolute, `text` its content). */
export function checkImports(root: string, file: string, text: string): string[] {
  const from = folderOf(root, file) as Folder
  const violations: string[] = []
  for (const ref of importsOf(text)) {
    const where = `${relative(root, file)} imports '${ref.specifier}'`
    const bare = !ref.specifier.startsWith('.') && !ref.specifier.startsWith('/')
    if (from === 'cells' && bare) {
      if (ref.specifier.startsWith('node:')) violations.push(`${where}: cells/ runs in the browser and in Node, so no node:* modules`)
      else if (!CELLS_PACKAGES.includes(packageOf(ref.specifier))) violations.push(`${where}: cells/ may import only ${CELLS_PACKAGES.join(', ')} (CELLS_PACKAGES)`)
      continue
    }
    if (bare) continue
    const target = resolve(dirname(file), ref.specifier)
    const to = folderOf(root, target)
    if (to === from || !(FOLDERS as readonly string[]).includes(to)) continue
    const rule = allowed[from]
    if (rule === undefined) continue
    const permitted = rule.value.includes(to as Folder) || (ref.typeOnly && rule.typeOnly.includes(to as Folder))
    if (!permitted) violations.push(`${where}: ${from}/ may not depend on ${to}/`)
    else if (relative(root, target) !== `${to}/index.ts`) violations.push(`${where}: enter ${to}/ through ${to}/index.ts`)
  }
  return violations
}
