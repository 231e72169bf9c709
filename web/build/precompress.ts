/**
 * Writes a gzip copy beside every large text or wasm file of the build, which the server sends
 * to browsers that accept it (serveStatic's `precompressed`). duckdb-wasm's build is 34 MB raw
 * and 7.6 MB gzipped: on a plant network that is the difference between seconds and tens of
 * seconds before notebook cells can run in the browser. Compressed once at build, not per request.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { gzip } from 'node:zlib'
import type { Plugin } from 'vite'

const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|wasm|map)$/
/** Below this a file is one packet or two either way. */
const MIN_BYTES = 1024

const gzipAsync = promisify(gzip)

export function precompress(): Plugin {
  return {
    name: 'cockpit-precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir
      if (dir === undefined) return
      const files = Object.keys(bundle).filter((name) => COMPRESSIBLE.test(name))
      await Promise.all(files.map((name) => gzipFile(join(dir, name))))
    },
  }
}

async function gzipFile(path: string): Promise<void> {
  const data = await readFile(path)
  if (data.length < MIN_BYTES) return
  const packed = await gzipAsync(data, { level: 6 })
  // A file that does not shrink is served as it is.
  if (packed.length < data.length * 0.9) await writeFile(`${path}.gz`, packed)
}
