/**
 * /api/alerts/contacts (engineers): webhooks and e-mail addresses that alerts are told to; a
 * webhook's signing secret is answered once, on creation. /{id}/deliveries is the delivery log:
 * each message, its attempts and last error — undelivered ones are kept and retried.
 * Creating and deleting are in the audit log.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppDb } from '../../db/index.ts'
import { errorResponses } from '../api-v1/error-responses.ts'
import { apiRouter } from '../api-v1/validation-hook.ts'
import { recordAudit } from '../auth/audit.ts'
import { requirePrincipal, type AuthEnv } from '../auth/principal.ts'
import { contactIdParam, contactListSchema, createdContactSchema, deliveryListSchema, newContactSchema } from '../alerts/alert-schemas.ts'
import { createContact, deleteContact, getContactRow, listContacts } from '../alerts/contact-store.ts'
import type { DeliveryOutbox } from '../alerts/delivery-outbox.ts'

export interface AlertContactsRouteOptions {
  db: AppDb
  outbox: DeliveryOutbox
  clock: () => number
}

const TAGS = ['alerts']
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } })
const idParams = z.object({ id: contactIdParam })

const listRoute = createRoute({
  method: 'get',
  operationId: 'listContacts',
  path: '/alerts/contacts',
  tags: TAGS,
  summary: 'The contacts, with how many of their messages wait undelivered',
  responses: { 200: { description: 'The contacts', content: json(contactListSchema) }, ...errorResponses() },
})

const createContactRoute = createRoute({
  method: 'post',
  operationId: 'createContact',
  path: '/alerts/contacts',
  tags: TAGS,
  summary: 'Add a webhook or e-mail contact (a webhook’s secret is answered only now)',
  request: { body: { required: true, content: json(newContactSchema) } },
  responses: { 201: { description: 'The contact', content: json(createdContactSchema) }, ...errorResponses(400) },
})

const deleteRoute = createRoute({
  method: 'delete',
  operationId: 'deleteContact',
  path: '/alerts/contacts/{id}',
  tags: TAGS,
  summary: 'Delete a contact, and its messages not yet delivered',
  request: { params: idParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 404) },
})

const deliveriesRoute = createRoute({
  method: 'get',
  operationId: 'listContactDeliveries',
  path: '/alerts/contacts/{id}/deliveries',
  tags: TAGS,
  summary: 'The delivery log of a contact, newest first (the last 100)',
  request: { params: idParams },
  responses: { 200: { description: 'The deliveries', content: json(deliveryListSchema) }, ...errorResponses(400, 404) },
})

export function alertContactsRoute(options: AlertContactsRouteOptions): OpenAPIHono<AuthEnv> {
  const api = apiRouter()

  api.openapi(listRoute, async (c) => c.json({ contacts: await listContacts(options.db) }, 200))

  api.openapi(createContactRoute, async (c) => {
    const by = requirePrincipal(c).user.username
    const contact = await createContact(options.db, c.req.valid('json'), by, new Date(options.clock()).toISOString())
    await recordAudit(options.db, { action: 'alert-contact.create', actor: by, target: `contact ${contact.id}`, ip: c.get('clientIp'), detail: { name: contact.name, kind: contact.kind } })
    return c.json(contact, 201)
  })

  api.openapi(deleteRoute, async (c) => {
    const { id } = c.req.valid('param')
    const row = await deleteContact(options.db, id)
    await recordAudit(options.db, { action: 'alert-contact.delete', actor: requirePrincipal(c).user.username, target: `contact ${id}`, ip: c.get('clientIp'), detail: { name: row.name } })
    return c.body(null, 204)
  })

  api.openapi(deliveriesRoute, async (c) => {
    const { id } = c.req.valid('param')
    await getContactRow(options.db, id)
    return c.json({ deliveries: await options.outbox.log(id) }, 200)
  })
  return api
}
