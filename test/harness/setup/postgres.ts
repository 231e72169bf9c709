/** Global setup: one real PostgreSQL server for the project's test files; they `inject('postgres')` (see ../app-databases.ts). */
import type { TestProject } from 'vitest/node'
import { startPostgres } from '../postgres.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The superuser's URL of the server's `cockpit` database; tests make their own databases (app-databases.ts). */
    postgres: { url: string }
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres()
  project.provide('postgres', { url: server.url })
  return () => server.stop()
}
