#!/usr/bin/env node
// The `cockpit` command. The product is TypeScript: it runs from a build that bin/server-build.js
// keeps in step with the sources (made on the first run after a change), or through tsx's loader
// when no build can be made — so no compile step can go stale between a `git pull` and a start.
import { compiledModule } from './server-build.js'

const compiled = await compiledModule('server/cli/main-process.ts')
if (compiled !== undefined) {
  await import(compiled)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../server/cli/main-process.ts')
}
