/**
 * The example notebooks that ship with the embedded default (issue 13): OEE by machine and day,
 * top downtime reasons, temperature against scrap rate. They are the files cells/ keeps as its
 * test data (cells/testdata/), so the examples the tests run are the ones users open. Seeded
 * once, on the first start in embedded mode (../seed-once.ts: examples a user deleted do not
 * come back at the next start).
 */
import { readFile } from 'node:fs/promises'
import type { AppDb } from '../../db/index.ts'
import { seedOnce, type SeedOptions } from '../seed-once.ts'
import { createNotebook } from './notebook-store.ts'

export const EXAMPLE_FILES = ['oee-by-machine-and-day.md', 'top-downtime-reasons.md', 'temperature-vs-scrap.md'] as const
export const EXAMPLES_DIR = new URL('../../cells/testdata/', import.meta.url)
/** Who owns the examples: no user signs in as it, so only admins may delete them. */
export const EXAMPLES_OWNER = 'cockpit'
const SEEDED = 'notebook.examples'

export async function readExampleNotebooks(): Promise<{ file: string; text: string }[]> {
  return Promise.all(EXAMPLE_FILES.map(async (file) => ({ file, text: await readFile(new URL(file, EXAMPLES_DIR), 'utf8') })))
}

/** Adds the example notebooks once; how many were added. */
export function seedExampleNotebooks(db: AppDb, options: Omit<SeedOptions, 'action'>): Promise<number> {
  return seedOnce(db, { ...options, action: SEEDED }, async (now) => {
    const examples = await readExampleNotebooks()
    for (const example of examples) await createNotebook(db, { text: example.text, author: EXAMPLES_OWNER, at: now.toISOString() })
    return { added: examples.length, audit: { detail: { files: examples.map((example) => example.file) } } }
  })
}
