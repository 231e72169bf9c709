// Entry of the sensor parser thread (./parser-thread.ts). The product's TypeScript runs through
// tsx's loader, which a worker thread does not inherit: register it here, then load the worker.
import { register } from 'tsx/esm/api'

register()
await import('./parser-worker.ts')
