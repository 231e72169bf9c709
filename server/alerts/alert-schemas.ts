/**
 * The alerts of issue 15 as the workbench API speaks them: rules (stored, versioned), backtests,
 * alerts and their transitions, acknowledgements, silences and contacts. One set of zod schemas
 * validates the requests and generates /api/openapi.json, and the web app imports the inferred
 * types through server/index.ts — so server, document and UI cannot drift.
 *
 * A rule's body is the JSON of alerts/ (`RuleSpec`, docs/alerts.md); the route passes it through
 * `checkRule` once, which names every field at fault (400 `field: …`), so the schema here only
 * says "an object" and leaves the rule model to alerts/.
 * Times are ISO 8601 strings (UTC) throughout.
 */
import { z } from '@hono/zod-openapi'

export const ALERT_STATES = ['pending', 'firing', 'resolved'] as const
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const
export const MAX_BACKTEST_DAYS = 31
export const MAX_SILENCE_MATCHERS = 10

const isoTime = z.string().datetime({ offset: true }).openapi({ example: '2026-12-01T06:00:00Z' })
const labelsSchema = z.record(z.string(), z.string()).openapi({ example: { machine_id: 'M07', sensor_id: 'M07-T1' } })

export const alertRuleIdParam = z.coerce.number().int().min(1).openapi({ param: { name: 'id', in: 'path' }, example: 1, description: 'The rule’s id.' })
export const alertIdParam = z.coerce.number().int().min(1).openapi({ param: { name: 'id', in: 'path' }, example: 1, description: 'The alert’s id.' })
export const silenceIdParam = z.coerce.number().int().min(1).openapi({ param: { name: 'id', in: 'path' }, example: 1, description: 'The silence’s id.' })
export const contactIdParam = z.coerce.number().int().min(1).openapi({ param: { name: 'id', in: 'path' }, example: 1, description: 'The contact’s id.' })

// ---------------------------------------------------------------- rules

/** A rule as alerts/ takes it; validated by alerts/ checkRule, not here (see the header). */
export const ruleSpecSchema = z
  .record(z.string(), z.unknown())
  .openapi('AlertRuleSpec', {
    description: 'A rule of docs/alerts.md: `threshold`, `rate_of_change`, `deviation`, `stale`, `flatline` or `sql`. A bad rule answers 400 naming the field (`value: …`).',
    example: { name: 'M07 hot', kind: 'threshold', source: 'sensors.windows_1m', field: 'avg_c', op: '>', value: 90, for: '2m', severity: 'critical', filter: { machine_id: 'M07' } },
  })

export const alertRuleSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: z.string().openapi({ example: 'threshold' }),
    severity: z.enum(ALERT_SEVERITIES),
    enabled: z.boolean(),
    version: z.number().int().openapi({ description: 'Each save makes the next version; a save names its `baseVersion`.' }),
    rule: ruleSpecSchema.openapi({ description: 'The rule as it was saved (durations as written, defaults not filled in).' }),
    builtin: z.boolean().openapi({ description: 'A pipeline rule the cockpit ships, on by default; it can be tuned and disabled, not deleted.' }),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  })
  .openapi('AlertRule')

export const alertRuleListSchema = z.object({ rules: z.array(alertRuleSchema) }).openapi('AlertRuleList')

export const saveAlertRuleSchema = z
  .strictObject({
    rule: ruleSpecSchema,
    baseVersion: z.number().int().min(1).openapi({ description: 'The version this was edited from; if another was saved since, 409 and nothing is written.' }),
  })
  .openapi('SaveAlertRule')

export const alertRuleVersionSchema = z
  .object({ version: z.number().int(), rule: ruleSpecSchema, savedAt: z.string(), savedBy: z.string() })
  .openapi('AlertRuleVersion')

// ---------------------------------------------------------------- backtests

const range = {
  from: isoTime.openapi({ description: 'Start of the range (inclusive).' }),
  to: isoTime.openapi({ description: `End of the range (exclusive); at most ${MAX_BACKTEST_DAYS} days after \`from\`.` }),
}

export const backtestRangeSchema = z.strictObject(range).openapi('BacktestRange')
export const backtestRequestSchema = z.strictObject({ rule: ruleSpecSchema, ...range }).openapi('BacktestRequest')

export const firingSchema = z
  .object({
    start: z.string().openapi({ description: 'When it began firing.' }),
    end: z.string().nullable().openapi({ description: 'When it resolved; null when still firing at the end of the range.' }),
    labels: labelsSchema,
    peak: z.number().nullable().openapi({ description: 'The measured value where it was worst (value, rate, z-score, age in s, spread); null when the rule measures none (a SQL row without a number).' }),
  })
  .openapi('Firing')

export const backtestPointSchema = z.tuple([z.number().openapi({ description: 'epoch ms' }), z.number()]).openapi('BacktestPoint')

export const backtestSeriesSchema = z
  .object({
    labels: labelsSchema,
    field: z.string().openapi({ description: 'The source field the points are of.' }),
    points: z.array(backtestPointSchema).openapi({ description: 'The data the rule read, thinned to at most ~1,000 points per series (min and max of each bucket kept), as [epoch ms, value].' }),
  })
  .openapi('BacktestSeries')

export const backtestResultSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    source: z.string().openapi({ description: 'The catalog table read: sensors.readings or sensors.windows_1m (sql rules: their query, run once at `to`).' }),
    inputs: z.number().int().openapi({ description: 'How many readings or windows were evaluated.' }),
    firings: z.array(firingSchema),
    perDay: z.array(z.object({ day: z.string().openapi({ example: '2026-12-01' }), firings: z.number().int() })).openapi({ description: 'Firings that began on each UTC day of the range, every day listed.' }),
    series: z.array(backtestSeriesSchema),
  })
  .openapi('BacktestResult')

// ---------------------------------------------------------------- alerts

export const alertStateSchema = z.enum(ALERT_STATES).openapi('AlertState')

export const acknowledgementSchema = z.object({ by: z.string(), at: z.string(), comment: z.string() }).openapi('Acknowledgement')

export const alertSchema = z
  .object({
    id: z.number().int(),
    ruleId: z.number().int(),
    ruleName: z.string(),
    key: z.string().openapi({ description: 'The series within the rule: `machine/sensor`, `machine`, or a SQL rule’s label values.' }),
    labels: labelsSchema,
    state: alertStateSchema,
    severity: z.enum(ALERT_SEVERITIES),
    since: z.string().openapi({ description: 'When the current state’s episode began (pending period or firing).' }),
    updatedAt: z.string(),
    value: z.number().nullable(),
    peak: z.number().nullable(),
    silenced: z.boolean().openapi({ description: 'A silence matches it: recorded, not notified.' }),
    acknowledged: acknowledgementSchema.nullable(),
  })
  .openapi('Alert')

export const alertListSchema = z.object({ alerts: z.array(alertSchema) }).openapi('AlertList')

export const alertListQuery = z.object({
  state: z.enum([...ALERT_STATES, 'active']).optional().openapi({ description: '`active`: pending or firing. Default: every alert, newest first.' }),
  ruleId: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
})

export const ackRequestSchema = z.strictObject({ comment: z.string().trim().min(1, 'say what is being done').max(2000) }).openapi('AckRequest')

/** A transition, as the app database, the catalog's `alerts.events` and the SSE stream carry it. */
export const alertEventSchema = z
  .object({
    alertId: z.number().int(),
    ruleId: z.number().int(),
    ruleName: z.string(),
    key: z.string(),
    labels: labelsSchema,
    to: z.enum(['inactive', 'pending', 'firing', 'resolved', 'acknowledged']),
    at: z.string(),
    value: z.number().nullable(),
    peak: z.number().nullable(),
    severity: z.enum(ALERT_SEVERITIES),
    silenced: z.boolean(),
  })
  .openapi('AlertEvent', { description: 'The data of a server-sent `alert` event on /api/stream/alerts; the same row lands in the catalog table `alerts.events`.' })

// ---------------------------------------------------------------- firings over a range (charts)

export const MAX_FIRING_SPANS = 2000

export const firingSpanQuery = z.object({
  from: isoTime.openapi({ description: 'Start of the range: firings still going at `from` are included.' }),
  to: isoTime.openapi({ description: 'End of the range (exclusive): firings that began before it.' }),
  machine_id: z.string().min(1).max(200).optional().openapi({ description: 'Only firings whose labels name this machine.' }),
  sensor_id: z.string().min(1).max(200).optional().openapi({ description: 'Only firings whose labels name this sensor.' }),
  line: z.string().min(1).max(200).optional().openapi({ description: 'Only firings whose labels name this line.' }),
  ruleId: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_FIRING_SPANS).default(500).openapi({ description: 'At most this many, the latest starts kept.' }),
})

export const firingSpanSchema = z
  .object({
    alertId: z.number().int(),
    ruleId: z.number().int(),
    ruleName: z.string(),
    severity: z.enum(ALERT_SEVERITIES),
    start: z.string().openapi({ description: 'When it began firing (a pending period before is not part of it).' }),
    end: z.string().nullable().openapi({ description: 'When it resolved; null while it is still firing.' }),
    labels: labelsSchema,
    peak: z.number().nullable(),
  })
  .openapi('FiringSpan')

export const firingSpanListSchema = z
  .object({
    firings: z.array(firingSpanSchema).openapi({ description: 'Oldest start first.' }),
    truncated: z.boolean().openapi({ description: 'More firings overlapped the range than `limit`; the earliest were left out.' }),
  })
  .openapi('FiringSpanList')

// ---------------------------------------------------------------- silences

export const labelMatcherSchema = z
  .strictObject({
    label: z.string().min(1).max(63).openapi({ example: 'machine_id' }),
    op: z.enum(['=', '!=']).default('='),
    value: z.string().max(200).openapi({ example: 'M07' }),
  })
  .openapi('LabelMatcher')

export const newSilenceSchema = z
  .strictObject({
    matchers: z.array(labelMatcherSchema).min(1, 'a silence needs at least one matcher').max(MAX_SILENCE_MATCHERS).openapi({ description: 'All must match an alert’s labels (`alertname` is the rule’s name).' }),
    startsAt: isoTime.optional().openapi({ description: 'Default: now.' }),
    endsAt: isoTime,
    comment: z.string().trim().min(1, 'say why').max(2000),
  })
  .refine((silence) => silence.startsAt === undefined || Date.parse(silence.endsAt) > Date.parse(silence.startsAt), { message: 'must be after startsAt', path: ['endsAt'] })
  .openapi('NewSilence')

export const silenceSchema = z
  .object({
    id: z.number().int(),
    matchers: z.array(labelMatcherSchema),
    startsAt: z.string(),
    endsAt: z.string(),
    author: z.string(),
    comment: z.string(),
    createdAt: z.string(),
    active: z.boolean(),
  })
  .openapi('Silence')

export const silenceListSchema = z.object({ silences: z.array(silenceSchema) }).openapi('SilenceList')

// ---------------------------------------------------------------- contacts

const contactCommon = {
  name: z.string().trim().min(1).max(120),
  /** Alerts of these rules; empty: every rule. */
  ruleIds: z.array(z.number().int().min(1)).max(200).default([]).openapi({ description: 'Only alerts of these rules; empty: every rule.' }),
  minSeverity: z.enum(ALERT_SEVERITIES).default('warning').openapi({ description: 'Only alerts at least this severe.' }),
  repeatMinutes: z.number().int().min(1).max(10_080).default(240).openapi({ description: 'A group still firing is notified again at most this often.' }),
  sendResolved: z.boolean().default(true),
}

export const newWebhookContactSchema = z
  .strictObject({ ...contactCommon, kind: z.literal('webhook'), url: z.string().url().max(2000) })
  .openapi('NewWebhookContact', { description: 'A JSON POST signed with HMAC-SHA256 in `X-Cockpit-Signature` (docs/security.md); the secret is answered once, on creation.' })

export const newEmailContactSchema = z
  .strictObject({ ...contactCommon, kind: z.literal('email'), to: z.array(z.string().email()).min(1).max(20) })
  .openapi('NewEmailContact', { description: 'E-mail over the configured SMTP server.' })

export const newContactSchema = z.discriminatedUnion('kind', [newWebhookContactSchema, newEmailContactSchema]).openapi('NewContact')

export const contactSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(['webhook', 'email']),
    url: z.string().optional(),
    to: z.array(z.string()).optional(),
    ruleIds: z.array(z.number().int()),
    minSeverity: z.enum(ALERT_SEVERITIES),
    repeatMinutes: z.number().int(),
    sendResolved: z.boolean(),
    createdBy: z.string(),
    createdAt: z.string(),
    /** Deliveries waiting to be (re)tried. */
    pending: z.number().int().openapi({ description: 'Notifications not yet delivered (kept and retried with backoff).' }),
  })
  .openapi('Contact')

export const createdContactSchema = contactSchema
  .extend({ secret: z.string().optional().openapi({ description: 'Webhooks: the HMAC-SHA256 key, shown only now.' }) })
  .openapi('CreatedContact')

export const contactListSchema = z.object({ contacts: z.array(contactSchema) }).openapi('ContactList')

export const deliverySchema = z
  .object({
    id: z.number().int(),
    contactId: z.number().int(),
    group: z.string().openapi({ description: 'rule id and machine: one message per group.' }),
    status: z.enum(['pending', 'delivered']),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    nextAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
  })
  .openapi('Delivery')

export const deliveryListSchema = z.object({ deliveries: z.array(deliverySchema) }).openapi('DeliveryList')

export type AlertRule = z.infer<typeof alertRuleSchema>
export type AlertRuleList = z.infer<typeof alertRuleListSchema>
export type AlertRuleSpec = z.infer<typeof ruleSpecSchema>
export type SaveAlertRule = z.infer<typeof saveAlertRuleSchema>
export type AlertRuleVersion = z.infer<typeof alertRuleVersionSchema>
export type BacktestRange = z.infer<typeof backtestRangeSchema>
export type BacktestRequest = z.infer<typeof backtestRequestSchema>
export type BacktestResult = z.infer<typeof backtestResultSchema>
export type BacktestSeries = z.infer<typeof backtestSeriesSchema>
export type ApiFiring = z.infer<typeof firingSchema>
export type AlertState = z.infer<typeof alertStateSchema>
export type Alert = z.infer<typeof alertSchema>
export type AlertEvent = z.infer<typeof alertEventSchema>
export type Acknowledgement = z.infer<typeof acknowledgementSchema>
export type AckRequest = z.infer<typeof ackRequestSchema>
export type LabelMatcher = z.infer<typeof labelMatcherSchema>
export type NewSilence = z.input<typeof newSilenceSchema>
export type Silence = z.infer<typeof silenceSchema>
export type NewContact = z.input<typeof newContactSchema>
export type Contact = z.infer<typeof contactSchema>
export type CreatedContact = z.infer<typeof createdContactSchema>
export type Delivery = z.infer<typeof deliverySchema>
export type FiringSpan = z.infer<typeof firingSpanSchema>
export type FiringSpanQuery = z.infer<typeof firingSpanQuery>
export type FiringSpanList = z.infer<typeof firingSpanListSchema>
