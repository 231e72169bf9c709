/**
 * duckdb-wasm's builds, bundled by Vite and served by the cockpit itself (never a CDN): the
 * baseline (mvp), one with WebAssembly exceptions (eh), and one with threads (coi) for a page
 * that is cross-origin isolated (the server sends COOP/COEP). duckdb-wasm's selectBundle picks
 * the best the browser supports; ./wasm-engine.ts falls back to eh when the threaded one does not
 * start. Only the .wasm of a build tried is fetched.
 */
import { selectBundle, type DuckDBBundle } from '@duckdb/duckdb-wasm'
import coiPthreadWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-coi.pthread.worker.js?url'
import coiWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-coi.worker.js?url'
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url'
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url'
import coiWasm from '@duckdb/duckdb-wasm/dist/duckdb-coi.wasm?url'
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url'
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url'

export type BundleName = 'coi' | 'eh' | 'mvp'

const BUNDLES = {
  mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
  eh: { mainModule: ehWasm, mainWorker: ehWorker },
  coi: { mainModule: coiWasm, mainWorker: coiWorker, pthreadWorker: coiPthreadWorker },
}

export interface NamedBundle {
  bundle: DuckDBBundle
  name: BundleName
}

/**
 * The builds to try, best first: the one this browser runs best, then — when that is the
 * threaded build, still experimental in duckdb-wasm — the single-threaded one with exceptions.
 */
export async function bundleChoices(): Promise<NamedBundle[]> {
  const bundle = await selectBundle(BUNDLES)
  const name: BundleName = bundle.mainModule === coiWasm ? 'coi' : bundle.mainModule === ehWasm ? 'eh' : 'mvp'
  const best = { bundle, name }
  return name === 'coi' ? [best, { bundle: { ...BUNDLES.eh, pthreadWorker: null }, name: 'eh' }] : [best]
}
