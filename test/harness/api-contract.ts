/**
 * Checks HTTP answers of a served cockpit against its own OpenAPI documents (/api/v1's and the
 * workbench's at /api/openapi.json): every answer to an operation a document describes must have a status the document lists for its operation, a declared content type, and
 * a JSON body that validates against the declared schema; every error answer anywhere under /api
 * must be the one Error body. The system tests' fetches all pass through it
 * (./setup/api-contract.ts), so the document cannot drift from what the server answers.
 */
import { dereference } from '@readme/openapi-parser'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'

const V1 = '/api/v1'

type Schema = Record<string, unknown>
interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>
}
interface Document {
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, Schema> }
}

export interface ApiContract {
  /** Problems with this answer (empty when it conforms); reads a clone of a JSON body. */
  check(method: string, url: string, response: Response): Promise<string[]>
}

/** The documents a cockpit serves, each describing the operations under its base path; the most specific base first. */
const DOCUMENTS = [
  { base: V1, path: `${V1}/openapi.json`, required: true },
  // The workbench's notebooks (server/routes/workbench-api.ts); absent on a cockpit from before them.
  { base: '/api', path: '/api/openapi.json', required: false },
]

/** Paths of the documents themselves: not operations to check. */
export const CONTRACT_DOCUMENTS = DOCUMENTS.map((document) => document.path)

export async function loadApiContract(baseUrl: string): Promise<ApiContract> {
  // zod-openapi adds `example` and formats such as int64; neither is a constraint to check here.
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false })
  const compiled = new Map<Schema, ValidateFunction>()
  const validator = (schema: Schema): ValidateFunction => {
    let validate = compiled.get(schema)
    if (validate === undefined) compiled.set(schema, (validate = ajv.compile(schema)))
    return validate
  }
  const loaded = await Promise.all(
    DOCUMENTS.map(async ({ base, path, required }) => {
      const response = await fetch(`${baseUrl}${path}`)
      if (!response.ok && !required) return undefined
      const document = (await dereference(structuredClone(await response.json()))) as unknown as Document
      const operations = Object.entries(document.paths).map(([template, methods]) => ({
        pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
        template,
        methods,
      }))
      return { base, document, operations }
    }),
  )
  const documents = loaded.filter((entry) => entry !== undefined)
  const errorSchema = documents[0]!.document.components.schemas.Error
  if (errorSchema === undefined) throw new Error('the OpenAPI document has no Error schema')

  return {
    async check(method, url, response) {
      const { pathname } = new URL(url)
      if (!pathname.startsWith('/api/') || method === 'HEAD') return []
      const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
      const where = `${method} ${pathname} → ${response.status}`
      const problems: string[] = []
      const isError = response.status >= 400 && pathname !== '/api/health'
      if (isError && type !== 'application/json') problems.push(`${where}: an error answered as '${type}', not the JSON Error body`)
      const body = type === 'application/json' ? await readJson(response) : undefined
      if (isError && body !== undefined && !validator(errorSchema)(body)) problems.push(`${where}: not the Error body: ${JSON.stringify(body).slice(0, 300)} (${ajv.errorsText(validator(errorSchema).errors)})`)

      // The first document whose base holds the path and that has an operation for it.
      const operation = documents
        .filter(({ base }) => pathname.startsWith(`${base}/`))
        .map(({ base, operations }) => operations.find((candidate) => candidate.pattern.test(pathname.slice(base.length)))?.methods[method.toLowerCase()])
        .find((found) => found !== undefined)
      // The document itself and the reference page are not operations; a method the path lacks answers 405 (checked above).
      if (operation === undefined) return problems
      const declared = operation.responses[String(response.status)] ?? operation.responses.default
      if (declared === undefined) return [...problems, `${where}: status ${response.status} is not in the document (${Object.keys(operation.responses).join(', ')})`]
      if (declared.content === undefined || type === '') return problems
      const media = declared.content[type]
      if (media === undefined) return [...problems, `${where}: content type '${type}' is not in the document (${Object.keys(declared.content).join(', ')})`]
      if (body !== undefined && media.schema !== undefined) {
        const validate = validator(media.schema)
        if (!validate(body)) problems.push(`${where}: body does not match the document: ${ajv.errorsText(validate.errors)}`)
      }
      return problems
    },
  }
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return JSON.parse(await response.clone().text())
  } catch {
    return '(not JSON)'
  }
}
