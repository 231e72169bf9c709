/**
 * The boards' shared pieces over a runtime: one tile service (its cache is what makes viewers
 * share runs) and one catalog watch per server, built once by the app — and what the boards'
 * routes take (../routes/workbench-api.ts), each route the fields it needs.
 */
import { join } from 'node:path'
import type { Logger } from '../logger.ts'
import { duckDbReferencePort } from '../notebooks/duckdb-references.ts'
import type { Runtime } from '../runtime.ts'
import type { SensorEvents } from '../routes/stream.ts'
import { PublishedSources } from './board-source.ts'
import { CatalogWatch } from './catalog-watch.ts'
import { TileService } from './tile-data.ts'

export interface BoardsRuntime {
  tiles: TileService
  /** Published versions, parsed once. */
  sources: PublishedSources
  watch: CatalogWatch
  plantTz: string
  /** Scratch space for exports (Parquet, renders). */
  tempDir: string
  chromium: string
  /** Where this server listens, for Chromium to load its pages from. */
  selfOrigin: string
  /** Kiosk links made for Chromium renders, while they render. */
  renderLinks: Set<string>
  /** The live sensor stream, which a kiosk's live tiles read through its link. */
  sensors: SensorEvents
}

export function boardsRuntime(runtime: Pick<Runtime, 'appDb' | 'sqlSandbox' | 'catalog' | 'settings'>, logger: Pick<Logger, 'warn'>, sensors: SensorEvents): BoardsRuntime {
  const { settings } = runtime
  return {
    sources: new PublishedSources(runtime.appDb),
    tiles: new TileService({ db: runtime.appDb, sql: runtime.sqlSandbox, catalog: runtime.catalog, plantTz: settings.plantTz, references: duckDbReferencePort() }),
    watch: new CatalogWatch({ db: runtime.appDb, onError: (error) => logger.warn({ err: error }, 'cannot read the catalog’s snapshots for catalog events; trying again') }),
    plantTz: settings.plantTz,
    tempDir: join(settings.dataDir, 'tmp', 'boards'),
    chromium: settings.chromium,
    selfOrigin: selfOrigin(settings.host, settings.port),
    renderLinks: new Set(),
    sensors,
  }
}

/** This server as a local client reaches it: all interfaces are reachable on loopback. */
function selfOrigin(host: string, port: number): string {
  const local = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host
  return `http://${local}:${port}`
}
