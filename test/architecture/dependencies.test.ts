/**
 * The dependency direction of docs/architecture.md (./import-rules.ts), checked on every import
 * of the tree; and proof that each rule can fail: synthetic sources that break it are reported,
 * and cells/tsconfig.json (run by `npm run typecheck`) rejects DOM and Node globals in cells/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { checkImports, FOLDERS, importsOf } from './import-rules.ts'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (name === 'node_modules' || name === 'dist') return []
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|svelte)$/.test(name) && !name.endsWith('.test.ts') ? [path] : []
  })
}

/** Each probe builds a TypeScript program: seconds on a busy machine, more than vitest's default 5 s. */
const TYPECHECK_TIMEOUT_MS = 60_000

const check = (path: string, text: string) => checkImports(root, join(root, path), text)

/** Type-checks `text` as a file of `folder` under its tsconfig.json; returns the error messages. */
function typecheckIn(folder: 'cells' | 'alerts', text: string): string[] {
  const probe = join(root, folder, '__probe__.ts')
  const config = ts.getParsedCommandLineOfConfigFile(join(root, folder, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!
  const host = ts.createCompilerHost(config.options)
  const { getSourceFile, fileExists, readFile } = host
  host.fileExists = (name) => name === probe || fileExists(name)
  host.readFile = (name) => (name === probe ? text : readFile(name))
  host.getSourceFile = (name, language, ...rest) => (name === probe ? ts.createSourceFile(name, text, language) : getSourceFile(name, language, ...rest))
  const program = ts.createProgram([probe], config.options, host)
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(probe)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
}

describe('dependency direction', () => {
  it('has no import against the architecture', () => {
    const violations = FOLDERS.flatMap((folder) => sourceFiles(join(root, folder)).flatMap((file) => checkImports(root, file, readFileSync(file, 'utf8'))))
    expect(violations).toEqual([])
  })

  it('finds the imports it checks (the scanner itself works)', () => {
    const imports = (folder: string) => sourceFiles(join(root, folder)).flatMap((file) => importsOf(readFileSync(file, 'utf8')))
    expect(imports('server').some((ref) => ref.specifier === '../catalog/index.ts')).toBe(true)
    expect(imports('web').some((ref) => ref.typeOnly && ref.specifier.endsWith('server/index.ts'))).toBe(true)
  })

  it('reports a folder that depends against the direction, or past an index.ts', () => {
    expect(check('catalog/x.ts', "import { startJobs } from '../server/index.ts'")).toEqual([expect.stringContaining('catalog/ may not depend on server/')])
    expect(check('catalog/x.ts', "import { CELL_KINDS } from '../cells/index.ts'")).toEqual([expect.stringContaining('catalog/ may not depend on cells/')])
    expect(check('catalog/x.ts', "import type { CellKind } from '../cells/index.ts'")).toEqual([])
    expect(check('server/x.ts', "import { ingestMes } from '../jobs/mes/ingest-mes.ts'")).toEqual([expect.stringContaining('through jobs/index.ts')])
  })
})

describe('cells/ runs in the browser and in Node', () => {
  it('may not import node:* modules, in any import form', () => {
    for (const source of ["import { readFileSync } from 'node:fs'", "import 'node:process'", "const fs = await import('node:fs')", "export { join } from 'node:path'"]) {
      expect(check('cells/graph.ts', source), source).toEqual([expect.stringContaining('no node:* modules')])
    }
  })

  it('may import only the packages of its allow-list', () => {
    expect(check('cells/graph.ts', "import { z } from 'zod'")).toEqual([])
    expect(check('cells/graph.ts', "import { z } from 'zod/v4'")).toEqual([])
    expect(check('cells/graph.ts', "import { Kysely } from 'kysely'")).toEqual([expect.stringContaining("cells/ may import only zod")])
    expect(check('cells/graph.ts', "import type { Hono } from 'hono'")).toEqual([expect.stringContaining("cells/ may import only zod")])
    expect(check('cells/graph.ts', "import * as Plot from '@observablehq/plot'")).toEqual([expect.stringContaining("cells/ may import only zod")])
    // Other folders keep their packages.
    expect(check('server/x.ts', "import { Kysely } from 'kysely'")).toEqual([])
  })

  it('does not type-check DOM or Node globals (cells/tsconfig.json)', () => {
    expect(typecheckIn('cells', 'export const order = (ids: string[]): string[] => [...ids].sort()')).toEqual([])
    const errors = typecheckIn('cells', 'export const title = document.title\nexport const env = process.env.HOME\nexport const now = window.performance.now()')
    expect(errors).toEqual([
      expect.stringContaining("Cannot find name 'document'"),
      expect.stringContaining("Cannot find name 'process'"),
      expect.stringContaining("Cannot find name 'window'"),
    ])
  }, TYPECHECK_TIMEOUT_MS)

  it('is type-checked by npm run typecheck', () => {
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>
    expect(scripts.typecheck).toContain('tsc -p cells/tsconfig.json --noEmit')
  })
})

describe('alerts/ runs in the browser and in Node (live evaluation and backtests share it)', () => {
  it('may not import node:* modules, nor packages beyond the allow-list', () => {
    expect(check('alerts/deviation.ts', "import { readFileSync } from 'node:fs'")).toEqual([expect.stringContaining('alerts/ runs in the browser and in Node, so no node:* modules')])
    expect(check('alerts/rule.ts', "import { z } from 'zod'")).toEqual([])
    expect(check('alerts/rule.ts', "import { Kysely } from 'kysely'")).toEqual([expect.stringContaining('alerts/ may import only zod')])
  })

  it('imports only cells/, and jobs, server and web may import it', () => {
    expect(check('alerts/rule.ts', "import { describeFieldErrors } from '../cells/index.ts'")).toEqual([])
    expect(check('alerts/rule.ts', "import { commit } from '../catalog/index.ts'")).toEqual([expect.stringContaining('alerts/ may not depend on catalog/')])
    expect(check('alerts/rule.ts', "import type { Config } from '../server/index.ts'")).toEqual([expect.stringContaining('alerts/ may not depend on server/')])
    for (const folder of ['jobs', 'server', 'web']) expect(check(`${folder}/x.ts`, "import { evaluate } from '../alerts/index.ts'")).toEqual([])
    expect(check('catalog/x.ts', "import { evaluate } from '../alerts/index.ts'")).toEqual([expect.stringContaining('catalog/ may not depend on alerts/')])
  })

  it('does not type-check DOM or Node globals (alerts/tsconfig.json), and npm run typecheck runs it', () => {
    expect(typecheckIn('alerts', 'export const now = Date.now()')).toEqual([])
    expect(typecheckIn('alerts', 'export const env = process.env.HOME')).toEqual([expect.stringContaining("Cannot find name 'process'")])
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>
    expect(scripts.typecheck).toContain('tsc -p alerts/tsconfig.json --noEmit')
  }, TYPECHECK_TIMEOUT_MS)
})
