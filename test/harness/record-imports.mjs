// `node --import ./test/harness/record-imports.mjs …` appends every module URL the process
// resolves to the file named by RECORD_IMPORTS_TO: what a command loads, without timing it.
import { register } from 'node:module'

register(
  `data:text/javascript,${encodeURIComponent(`
    import { appendFileSync } from 'node:fs'
    let file
    export function initialize(data) { file = data.file }
    export async function resolve(specifier, context, next) {
      const resolved = await next(specifier, context)
      appendFileSync(file, resolved.url + '\\n')
      return resolved
    }
  `)}`,
  { data: { file: process.env.RECORD_IMPORTS_TO } },
)
