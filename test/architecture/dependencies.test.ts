/**
 * The dependency direction of docs/architecture.md, checked on every import:
 * cells → nothing · db → nothing · catalog → db, types of cells · jobs → catalog, cells, db ·
 * server → catalog, jobs, cells, db · web → cells, types of server.
 * A folder is entered only through its index.ts, and cells/ stays free of node:* and the DOM.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const FOLDERS = ['cells', 'db', 'catalog', 'jobs', 'server', 'web'] as const
type Folder = (typeof FOLDERS)[number]

const allowed: Record<Folder, { value: Folder[]; typeOnly: Folder[] }> = {
  cells: { value: [], typeOnly: [] },
  db: { value: [], typeOnly: [] },
  catalog: { value: ['db'], typeOnly: ['cells'] },
  jobs: { value: ['catalog', 'cells', 'db'], typeOnly: [] },
  server: { value: ['catalog', 'jobs', 'cells', 'db'], typeOnly: [] },
  web: { value: ['cells'], typeOnly: ['server'] },
}

interface ImportRef {
  file: string
  specifier: string
  typeOnly: boolean
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (name === 'node_modules' || name === 'dist') return []
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|svelte)$/.test(name) && !name.endsWith('.test.ts') ? [path] : []
  })
}

function importsOf(file: string): ImportRef[] {
  const text = readFileSync(file, 'utf8')
  const refs: ImportRef[] = []
  const pattern = /(?:^|\n)\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g
  for (const match of text.matchAll(pattern)) {
    const specifier = match[3] ?? match[4]
    if (specifier !== undefined) refs.push({ file, specifier, typeOnly: match[2] !== undefined })
  }
  return refs
}

function folderOf(path: string): string {
  return relative(root, path).split('/')[0] ?? ''
}

const violations: string[] = []
for (const from of FOLDERS) {
  for (const file of sourceFiles(join(root, from))) {
    for (const ref of importsOf(file)) {
      const where = `${relative(root, file)} imports '${ref.specifier}'`
      if (from === 'cells' && (ref.specifier.startsWith('node:') || /\b(document|window)\b/.test(ref.specifier))) {
        violations.push(`${where}: cells/ runs in the browser and in Node, so no node:* modules`)
      }
      if (!ref.specifier.startsWith('.')) continue
      const target = resolve(dirname(file), ref.specifier)
      const to = folderOf(target)
      if (to === from || !(FOLDERS as readonly string[]).includes(to)) continue
      const rule = allowed[from]
      const permitted = rule.value.includes(to as Folder) || (ref.typeOnly && rule.typeOnly.includes(to as Folder))
      if (!permitted) violations.push(`${where}: ${from}/ may not depend on ${to}/`)
      else if (relative(root, target) !== `${to}/index.ts`) violations.push(`${where}: enter ${to}/ through ${to}/index.ts`)
    }
  }
}

describe('dependency direction', () => {
  it('has no import against the architecture', () => {
    expect(violations).toEqual([])
  })

  it('finds the imports it checks (the scanner itself works)', () => {
    const serverImports = sourceFiles(join(root, 'server')).flatMap(importsOf)
    expect(serverImports.some((ref) => ref.specifier === '../catalog/index.ts')).toBe(true)
    const webImports = sourceFiles(join(root, 'web')).flatMap(importsOf)
    expect(webImports.some((ref) => ref.typeOnly && ref.specifier.endsWith('server/index.ts'))).toBe(true)
  })
})
