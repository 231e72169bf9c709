// The server's TypeScript compiled to JavaScript once per change of its sources, so that a
// `cockpit` command starts in plain Node instead of going through tsx's loader on every run (its
// hooks thread alone costs ~150 ms, and every module — DuckDB's, the AWS SDK's — passes through it).
//
// No step can go stale: the build lives in dist/node/<stamp>/, where the stamp hashes the path,
// size and mtime of every source file, so a `git pull` or an edit simply selects a new build,
// made on the spot (esbuild, ~0.3 s) and renamed into place whole. Files are transpiled one by
// one — not bundled — with `./x.ts` imports rewritten to `./x.js`, and `import.meta.url` pointing
// at the source file, so paths next to the sources (package.json, worker scripts, replay data)
// resolve as they do under tsx. Whenever a build cannot be had, the caller falls back to tsx.
//
// `node bin/server-build.js` builds now and prints the folder.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const SOURCE_DIRS = ['server', 'catalog', 'jobs', 'db', 'cells', 'alerts']
const BUILDS = join(root, 'dist', 'node')
const COMPLETE = '.complete'
/**
 * Pure-JS packages bundled into one module each (dist/node/<stamp>/vendor/<name>.js): kysely is
 * ~500 ES modules, whose resolving and loading alone took ~200 ms of every command that opens
 * the app database. Only the package's main entry is imported by the product, and by nothing
 * else in the process, so there is one copy of it either way.
 */
const VENDORED = ['kysely']
/**
 * Builds of other stamps are removed once this old. A process imports its modules while it
 * starts (the product has no later imports of its own code), so an hour leaves a wide margin.
 */
const KEEP_OLD_BUILDS_MS = 60 * 60 * 1000

function sourceFiles() {
  const files = []
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path)
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) files.push(path)
    }
  }
  for (const dir of SOURCE_DIRS) walk(join(root, dir))
  return files.sort()
}

function stampOf(files) {
  const hash = createHash('sha256')
  // This script and the compiler shape the output too.
  const manifests = ['esbuild', ...VENDORED].map((name) => join(root, 'node_modules', name, 'package.json'))
  for (const file of [fileURLToPath(import.meta.url), ...manifests, ...files]) {
    const stat = statSync(file, { throwIfNoEntry: false })
    hash.update(`${relative(root, file)}\0${stat?.size}\0${stat?.mtimeMs}\n`)
  }
  return hash.digest('hex').slice(0, 16)
}

async function compile(files, outDir) {
  const { build } = await import('esbuild')
  const outputOf = (source) => join(outDir, relative(root, source)).replace(/\.ts$/, '.js')
  await build({
    entryPoints: files,
    outdir: outDir,
    outbase: root,
    // Bundling only to get a resolve hook: every import is external, so each file stays its own module.
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
    plugins: [
      {
        name: 'cockpit-sources',
        setup(plugin) {
          plugin.onLoad({ filter: /\.ts$/ }, (args) => {
            const back = relative(dirname(outputOf(args.path)), args.path)
            const text = readFileSync(args.path, 'utf8').replaceAll('import.meta.url', `new URL(${JSON.stringify(back)}, import.meta.url).href`)
            return { contents: text, loader: 'ts' }
          })
          plugin.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === 'entry-point') return undefined
            if (VENDORED.includes(args.path)) return { path: relative(dirname(outputOf(args.importer)), join(outDir, 'vendor', `${args.path}.js`)), external: true }
            if (!args.path.startsWith('.')) return { path: args.path, external: true }
            if (args.path.endsWith('.ts')) return { path: args.path.replace(/\.ts$/, '.js'), external: true }
            // Another file beside the sources (.mjs, .json): reach it where it lies.
            const target = resolve(dirname(args.importer), args.path)
            return { path: relative(dirname(outputOf(args.importer)), target), external: true }
          })
        },
      },
    ],
  })
  for (const name of VENDORED) {
    await build({
      stdin: { contents: `export * from ${JSON.stringify(name)}`, resolveDir: root, loader: 'js' },
      outfile: join(outDir, 'vendor', `${name}.js`),
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'silent',
    })
  }
}

function removeOldBuilds(keep) {
  for (const entry of readdirSync(BUILDS)) {
    if (entry === keep) continue
    const path = join(BUILDS, entry)
    if (Date.now() - statSync(path).mtimeMs > KEEP_OLD_BUILDS_MS) rmSync(path, { recursive: true, force: true })
  }
}

/** The build folder for the current sources, made now if missing; throws when it cannot be made. */
export async function serverBuild() {
  const files = sourceFiles()
  const stamp = stampOf(files)
  const dir = join(BUILDS, stamp)
  if (existsSync(join(dir, COMPLETE))) return dir
  mkdirSync(BUILDS, { recursive: true })
  const temp = `${dir}.tmp-${process.pid}`
  try {
    await compile(files, temp)
    writeFileSync(join(temp, COMPLETE), `${new Date().toISOString()}\n`)
    renameSync(temp, dir)
  } catch (error) {
    rmSync(temp, { recursive: true, force: true })
    // Another process finished the same build first; its result is as good as ours.
    if (!existsSync(join(dir, COMPLETE))) throw error
  }
  try {
    removeOldBuilds(stamp)
  } catch {
    // Pruning is housekeeping; a race with another process's pruning is harmless.
  }
  return dir
}

/** The compiled module of a source file (`server/cli/main-process.ts`) as a URL, or undefined to use tsx. */
export async function compiledModule(source) {
  if (process.env.COCKPIT_TSX === 'true') return undefined
  try {
    const dir = await serverBuild()
    return pathToFileURL(join(dir, source.replace(/\.ts$/, '.js'))).href
  } catch {
    // No esbuild, a read-only checkout, a source that does not parse: tsx reports or copes.
    return undefined
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(await serverBuild())
}
