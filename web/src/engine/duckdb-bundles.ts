/**
 * duckdb-wasm's builds, bundled by Vite and served by the cockpit itself (never a CDN): the
 * baseline (mvp), one with WebAssembly exceptions (eh), and one with threads (coi) for a page
 * that is cross-origin isolated (the server sends COOP/COEP). duckdb-wasm's selectBundle picks
 * the best the browser supports. Only the chosen .wasm is fetched.
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

/** The build this browser runs best, and its name (shown in the editor, measured by the benchmarks). */
export async function chooseBundle(): Promise<{ bundle: DuckDBBundle; name: BundleName }> {
  const bundle = await selectBundle({
    mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
    eh: { mainModule: ehWasm, mainWorker: ehWorker },
    coi: { mainModule: coiWasm, mainWorker: coiWorker, pthreadWorker: coiPthreadWorker },
  })
  const name: BundleName = bundle.mainModule === coiWasm ? 'coi' : bundle.mainModule === ehWasm ? 'eh' : 'mvp'
  return { bundle, name }
}
