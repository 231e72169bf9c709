/**
 * The DuckDB a publish run works in: its own in-memory instance, no extensions, in the plant's
 * time zone like the views' sessions, so a cast of a naive time in a readable copy means what it
 * means in `cockpit sql`. Here rather than borrowed from
 * jobs/, so a process that only reads the catalog (`cockpit sql`) does not load the jobs' modules.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { mkdirSync } from 'node:fs'

export async function openPublishConnection(tempDir: string, plantTz: string): Promise<{ connection: DuckDBConnection; close(): void }> {
  mkdirSync(tempDir, { recursive: true })
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    temp_directory: tempDir,
    memory_limit: '512MB',
  })
  const connection = await instance.connect()
  await connection.run(`SET TimeZone = '${plantTz.replaceAll("'", "''")}'`)
  return {
    connection,
    close: () => {
      connection.closeSync()
      instance.closeSync()
    },
  }
}
