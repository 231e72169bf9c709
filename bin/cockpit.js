#!/usr/bin/env node
// The `cockpit` command. The product is TypeScript run through tsx's loader, so no separate
// compile step can go stale between a `git pull` and a start.
import { register } from 'tsx/esm/api'

register()
await import('../server/cli/main-process.ts')
