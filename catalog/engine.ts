/**
 * The server-side DuckDB engine over the catalog. It never installs or loads extensions at run
 * time (the plant network has no route to an extension repository), and keeps its spill files
 * under the data dir.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'

export interface Engine {
  /** A new connection; callers close it with `closeSync()` when done. */
  connect(): Promise<DuckDBConnection>
  /** A trivial query, for health checks. */
  ping(): Promise<void>
  close(): void
}

export interface OpenEngineOptions {
  /** Folder for the DuckDB database file and its temp files. */
  dir: string
}

export async function openEngine(options: OpenEngineOptions): Promise<Engine> {
  mkdirSync(options.dir, { recursive: true })
  const instance = await DuckDBInstance.create(join(options.dir, 'cockpit.duckdb'), {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    temp_directory: join(options.dir, 'tmp'),
  })

  const ping = async (): Promise<void> => {
    const connection = await instance.connect()
    try {
      await connection.run('select 1')
    } finally {
      connection.closeSync()
    }
  }

  return {
    connect: () => instance.connect(),
    ping,
    close: () => instance.closeSync(),
  }
}
