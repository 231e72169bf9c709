#!/usr/bin/env node
// The `cockpit` command. The product is TypeScript run through tsx's loader, so no separate
// compile step can go stale between a `git pull` and a start.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../server/cli/main.ts')
const code = await main(process.argv.slice(2))
process.exit(code)
