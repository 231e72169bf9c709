#!/usr/bin/env node
// `npm run bench [-- name ...]`: runs the benchmarks under bench/ (all when none is named).
import { register } from 'tsx/esm/api'

register()
await import('../bench/run.ts')
