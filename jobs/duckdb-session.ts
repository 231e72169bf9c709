/**
 * A DuckDB session for one job run: its own in-memory instance, so a run's settings (the
 * plant's time zone, memory limit) and temp tables never leak into the server's queries.
 * No extension is installed or loaded at run time; spill files go under the data dir.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { mkdirSync } from 'node:fs'

export interface DuckDbSessionOptions {
  plantTz: string
  tempDir: string
  memoryLimit?: string
}

export interface DuckDbSession {
  connection: DuckDBConnection
  close(): void
}

export async function openDuckDbSession(options: DuckDbSessionOptions): Promise<DuckDbSession> {
  mkdirSync(options.tempDir, { recursive: true })
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    temp_directory: options.tempDir,
    memory_limit: options.memoryLimit ?? '1GB',
  })
  const connection = await instance.connect()
  // Naive timestamps in MES files mean plant-local time; TIMESTAMPTZ casts read them in this zone.
  await connection.run(`SET TimeZone = '${options.plantTz.replaceAll("'", "''")}'`)
  return {
    connection,
    close: () => {
      connection.closeSync()
      instance.closeSync()
    },
  }
}
