/**
 * The storage port over a local folder: a key is a file path under the root, `put` copies to a
 * hidden temp file beside the target (a large file at low priority: ./low-priority-copy.ts) and
 * renames it into place, `list` walks the folder.
 */
import { randomUUID } from 'node:crypto'
import { mkdirSync, type Dirent, type Stats } from 'node:fs'
import { mkdir, readdir, rename, rm, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { copyFileLowPriority } from './low-priority-copy.ts'
import { assertStorageKey, assertStoragePrefix, compareKeys, type Storage, type StoredObject } from './storage.ts'

export function createLocalStorage(root: string): Storage {
  const rootPath = resolve(root)
  const location = `folder ${rootPath}`
  try {
    mkdirSync(rootPath, { recursive: true })
  } catch (error) {
    throw new Error(`${location} cannot be created: ${(error as Error).message}`, { cause: error })
  }
  const pathOf = (key: string): string => join(rootPath, ...key.split('/'))

  return {
    location,

    uri(key) {
      assertStorageKey(key, location)
      return pathToFileURL(pathOf(key)).href
    },

    async put(key, localFile) {
      assertStorageKey(key, location)
      // list() skips dot-files (that is how temp files stay invisible), so such a key could be
      // written but never listed.
      if (key.split('/').some((segment) => segment.startsWith('.'))) {
        throw new Error(`invalid key ${JSON.stringify(key)} for ${location}: a segment starting with '.' would be hidden from list()`)
      }
      const target = pathOf(key)
      // Same folder as the target, so the rename is atomic; dot-named, so list() never shows it.
      const temp = join(dirname(target), `.${basename(target).slice(0, 100)}.${randomUUID()}.tmp`)
      try {
        await mkdir(dirname(target), { recursive: true })
        await copyFileLowPriority(localFile, temp)
        await rename(temp, target)
      } catch (error) {
        await rm(temp, { force: true })
        throw new Error(`${location}: cannot store ${localFile} as ${key}: ${(error as Error).message}`, { cause: error })
      }
    },

    async localPath(key, etag) {
      assertStorageKey(key, location)
      const path = pathOf(key)
      const stats = await stat(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined
        throw new Error(`${location}: cannot read ${key}: ${error.message}`, { cause: error })
      })
      if (stats === undefined || !stats.isFile()) throw new Error(`${location} has no object ${JSON.stringify(key)}`)
      const current = etagOf(stats)
      if (etag !== undefined && etag !== current) {
        throw new Error(`${location}: ${key} has changed since it was listed (etag ${current}, expected ${etag})`)
      }
      return path
    },

    async *list(prefix = '') {
      assertStoragePrefix(prefix, location)
      // Walk only the folder the prefix names; the rest of the prefix filters its entries.
      const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1)
      const objects = await walk(rootPath, folder, prefix.slice(folder.length))
      // A depth-first walk is not key order ('a-b' sorts before 'a/b'), hence the sort.
      yield* objects.sort((a, b) => compareKeys(a.key, b.key))
    },

    async delete(keys) {
      for (const key of keys) assertStorageKey(key, location) // all or nothing on a bad key
      await Promise.all(
        keys.map((key) =>
          unlink(pathOf(key)).catch((error: NodeJS.ErrnoException) => {
            if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return
            throw new Error(`${location}: cannot delete ${key}: ${error.message}`, { cause: error })
          }),
        ),
      )
    },
  }
}

/** Cheap and changes on every rewrite (a rewrite of the same size within 1 ms aside). */
function etagOf(stats: Stats): string {
  return `${stats.size}-${Math.trunc(stats.mtimeMs)}`
}

/** Files under `root/folder` (a key prefix ending in '/' or ''), skipping dot-files and dot-folders. */
async function walk(root: string, folder: string, namePrefix = ''): Promise<StoredObject[]> {
  const entries = await readdir(join(root, folder), { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [] as Dirent[]
    throw new Error(`folder ${root}: cannot list ${folder || '/'}: ${error.message}`, { cause: error })
  })
  const visible = entries.filter((entry) => !entry.name.startsWith('.') && entry.name.startsWith(namePrefix))
  const found = await Promise.all(
    visible.map(async (entry): Promise<StoredObject[]> => {
      const key = folder + entry.name
      // Symlinked folders are not followed (no cycles); symlinked files are objects.
      if (entry.isDirectory()) return walk(root, `${key}/`)
      if (!entry.isFile() && !entry.isSymbolicLink()) return []
      const stats = await stat(join(root, key)).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'ELOOP') return undefined // deleted meanwhile, or a bad link
        throw new Error(`folder ${root}: cannot read ${key}: ${error.message}`, { cause: error })
      })
      if (stats === undefined || !stats.isFile()) return []
      return [{ key, size: stats.size, etag: etagOf(stats), lastModified: stats.mtime }]
    }),
  )
  return found.flat()
}
