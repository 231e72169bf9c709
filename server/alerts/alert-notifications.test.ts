/**
 * Notifications end to end over the real app: a webhook receiver (a test HTTP server) gets one
 * signed message per group (rule and machine) and a resolved message, a failed delivery is kept
 * and retried (the delivery log says so), a real SMTP server (smtp-server, started here) gets the
 * e-mails, and a silence mutes notifications while the alert is still recorded.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReadingInput } from '../../alerts/index.ts'
import { openTestApp, type TestApp } from '../../test/harness/test-app.ts'
import type { Role } from '../auth/access-rules.ts'
import { verifySignature } from './webhook-signature.ts'

interface Received {
  body: string
  signature: string | undefined
}

let t: TestApp
let webhook: Server
let smtp: SMTPServer
const hooks: Received[] = []
const mails: string[] = []
let failNext = 0

beforeAll(async () => {
  webhook = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      if (failNext > 0) {
        failNext--
        response.writeHead(503).end()
        return
      }
      hooks.push({ body, signature: request.headers['x-cockpit-signature'] as string | undefined })
      response.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve))
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, callback) {
      let text = ''
      stream.on('data', (chunk: Buffer) => (text += chunk.toString()))
      stream.on('end', () => {
        mails.push(text)
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
  const smtpPort = (smtp.server.address() as AddressInfo).port
  t = await openTestApp({ COCKPIT_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, COCKPIT_SMTP_FROM: 'Cockpit <cockpit@plant.test>' })
}, 60_000)
afterAll(async () => {
  await t?.close()
  webhook?.close()
  await new Promise<void>((resolve) => (smtp ? smtp.close(resolve) : resolve()))
})

const T0 = Date.parse('2026-12-01T06:00:00Z')
const HOT = { name: 'hot', kind: 'threshold', source: 'sensors.readings', op: '>', value: 90, clear: 85, severity: 'critical' }
const reading = (minute: number, temperature_c: number, machine_id: string, sensor = 'T1'): ReadingInput => ({ kind: 'reading', ts: T0 + minute * 60_000, machine_id, sensor_id: `${machine_id}-${sensor}`, temperature_c })

const call = (role: Role, path: string, method?: string, body?: unknown): Promise<Response> => t.requestAs(role, path, method, body)

/** Feeds readings and waits until the messages they cause are attempted. */
async function feed(...readings: ReadingInput[]): Promise<void> {
  for (const r of readings) t.alerts.engine.onReading(r)
  await t.alerts.engine.flush()
  await t.alerts.notifier.settle()
  await t.alerts.outbox.drain()
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    await t.alerts.outbox.drain()
  }
  expect(check(), what).toBe(true)
}

describe('notifications', () => {
  let secret: string
  let webhookId: number

  it('sends one signed message per group, retries a failed delivery, and e-mails over SMTP', async () => {
    expect((await call('engineer', '/api/alerts/rules', 'POST', HOT)).status).toBe(201)
    const created = await call('engineer', '/api/alerts/contacts', 'POST', { name: 'line pager', kind: 'webhook', url: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook` })
    expect(created.status).toBe(201)
    const contact = await created.json()
    secret = contact.secret
    webhookId = contact.id
    expect(secret).toMatch(/^[\w-]{40,}$/)
    expect((await (await call('engineer', '/api/alerts/contacts')).json()).contacts[0].secret).toBeUndefined()
    expect((await call('engineer', '/api/alerts/contacts', 'POST', { name: 'shift lead', kind: 'email', to: ['lead@plant.test'] })).status).toBe(201)
    expect((await call('manager', '/api/alerts/contacts')).status).toBe(403)

    failNext = 1
    // Two sensors of one machine fire together: one group, one message.
    await feed(reading(0, 95, 'M07', 'T1'), reading(0, 96, 'M07', 'T2'))
    await until(() => hooks.length === 1, 'the retried webhook delivery')
    const log = (await (await call('engineer', `/api/alerts/contacts/${webhookId}/deliveries`)).json()).deliveries
    expect(log).toHaveLength(1)
    expect(log[0]).toMatchObject({ status: 'delivered', attempts: 2, lastError: 'webhook answered 503', group: expect.stringMatching(/\/M07$/) })
    const message = JSON.parse(hooks[0]!.body)
    expect(verifySignature(secret, hooks[0]!.body, hooks[0]!.signature)).toBe(true)
    expect(verifySignature('another secret', hooks[0]!.body, hooks[0]!.signature)).toBe(false)
    expect(message).toMatchObject({ version: 1, status: 'firing', repeat: false, group: { ruleName: 'hot', machine: 'M07' } })
    expect(message.alerts.map((alert: { labels: { sensor_id: string } }) => alert.labels.sensor_id).sort()).toEqual(['M07-T1', 'M07-T2'])

    await until(() => mails.length === 1, 'the e-mail')
    expect(mails[0]).toMatch(/^Subject: \[critical\] hot on M07: 2 alerts/m)
    expect(mails[0]).toMatch(/^To: lead@plant\.test/m)
    // The body is quoted-printable: `=` is written =3D.
    expect(mails[0]).toContain('sensor_id=3DM07-T1')
    expect(mails[0]).toContain('sensor_id=3DM07-T2')
  })

  it('does not repeat a group that keeps firing, and sends the resolved message once all of it clears', async () => {
    await feed(reading(1, 97, 'M07', 'T1'))
    expect(hooks).toHaveLength(1)
    await feed(reading(2, 80, 'M07', 'T1'))
    expect(hooks).toHaveLength(1)
    await feed(reading(2, 80, 'M07', 'T2'))
    await until(() => hooks.length === 2, 'the resolved message')
    const resolved = JSON.parse(hooks[1]!.body)
    expect(resolved).toMatchObject({ status: 'resolved', group: { machine: 'M07' } })
    expect(resolved.alerts).toHaveLength(2)
    expect(verifySignature(secret, hooks[1]!.body, hooks[1]!.signature)).toBe(true)
    await until(() => mails.length === 2, 'the resolved e-mail')
    expect(mails[1]).toMatch(/^Subject: \[resolved\] hot on M07/m)
  })

  it('mutes notifications of silenced alerts, which are still recorded', async () => {
    const silence = await call('engineer', '/api/alerts/silences', 'POST', { matchers: [{ label: 'machine_id', value: 'M08' }], endsAt: new Date(Date.now() + 3_600_000).toISOString(), comment: 'M08 in maintenance' })
    expect(silence.status).toBe(201)
    expect(await silence.json()).toMatchObject({ author: 'engineer-1', active: true, matchers: [{ label: 'machine_id', op: '=', value: 'M08' }] })
    expect((await call('manager', '/api/alerts/silences', 'POST', { matchers: [{ label: 'machine_id', value: 'M08' }], endsAt: new Date(Date.now() + 60_000).toISOString(), comment: 'x' })).status).toBe(403)
    const bad = await call('engineer', '/api/alerts/silences', 'POST', { matchers: [], endsAt: new Date(Date.now() + 60_000).toISOString(), comment: 'x' })
    expect((await bad.json()).error.field).toBe('matchers')

    await feed(reading(10, 99, 'M08'))
    await new Promise((resolve) => setTimeout(resolve, 300))
    await t.alerts.outbox.drain()
    expect(hooks).toHaveLength(2)
    const [alert] = (await (await call('manager', '/api/alerts?state=firing')).json()).alerts
    expect(alert).toMatchObject({ labels: { machine_id: 'M08' }, silenced: true })

    const { silences } = await (await call('analyst', '/api/alerts/silences')).json()
    expect(silences).toHaveLength(1)
    expect((await call('engineer', `/api/alerts/silences/${silences[0].id}`, 'DELETE')).status).toBe(200)
    expect((await (await call('analyst', '/api/alerts/silences')).json()).silences).toEqual([])
  })
})
