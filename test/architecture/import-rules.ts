/**
 * The dependency direction of docs/architecture.md as a checker of one file's imports, so the
 * architecture test can run it over the tree and over synthetic sources that break a rule:
 * cells → nothing · alerts → cells · db → nothing · catalog → db, types of cells ·
 * jobs → catalog, cells, alerts, db · server → catalog, jobs, cells, alerts, db ·
 * web → cells, alerts, types of server.
 * A folder is entered only through its index.ts. cells/ and alerts/ run in the browser and in
 * Node, so they import no node:* module and only the packages of CELLS_PACKAGES; their freedom
 * from DOM and Node globals is the job of their tsconfig.json (a DOM global is no import, so no
 * import scan can see it).
 */
import { dirname, relative, resolve } from 'node:path'

export const FOLDERS = ['cells', 'alerts', 'db', 'catalog', 'jobs', 'server', 'web'] as const
export type Folder = (typeof FOLDERS)[number]

const allowed: Record<Folder, { value: Folder[]; typeOnly: Folder[] }> = {
  cells: { value: [], typeOnly: [] },
  alerts: { value: ['cells'], typeOnly: [] },
  db: { value: [], typeOnly: [] },
  catalog: { value: ['db'], typeOnly: ['cells'] },
  jobs: { value: ['catalog', 'cells', 'alerts', 'db'], typeOnly: [] },
  server: { value: ['catalog', 'jobs', 'cells', 'alerts', 'db'], typeOnly: [] },
  web: { value: ['cells', 'alerts'], typeOnly: ['server'] },
}

/** npm packages cells/ and alerts/ may import: each one must run unchanged in the browser and in Node. */
export const CELLS_PACKAGES: readonly string[] = ['zod']

/** The folders that run in the browser and in Node alike (no node:*, only CELLS_PACKAGES). */
export const PORTABLE_FOLDERS: readonly Folder[] = ['cells', 'alerts']

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
    if (PORTABLE_FOLDERS.includes(from) && bare) {
      if (ref.specifier.startsWith('node:')) violations.push(`${where}: ${from}/ runs in the browser and in Node, so no node:* modules`)
      else if (!CELLS_PACKAGES.includes(packageOf(ref.specifier))) violations.push(`${where}: ${from}/ may import only ${CELLS_PACKAGES.join(', ')} (CELLS_PACKAGES)`)
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
