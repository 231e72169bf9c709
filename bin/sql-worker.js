#!/usr/bin/env node
// A sandbox worker of the SQL service (server/sql/sql-worker.ts), started by the server only.
import { register } from 'tsx/esm/api'

register()
await import('../server/sql/sql-worker.ts')
