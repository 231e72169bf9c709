import { afterAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../harness/ports.ts'
import { runCockpit, serveCockpit } from '../harness/cockpit.ts'

const scratch = mkdtempSync(join(tmpdir(), 'cockpit-start-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** A TCP server that accepts connections and never answers: an endpoint that hangs. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets: Socket[] = []
  const server: Server = createServer((socket) => sockets.push(socket))
  const port = await freePort()
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    port,
    close: () => {
      sockets.forEach((socket) => socket.destroy())
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}

async function startAndFail(env: NodeJS.ProcessEnv, args: string[] = []) {
  const dataDir = mkdtempSync(join(scratch, 'data-'))
  const run = runCockpit(['start', '--port', String(await freePort()), '--data-dir', dataDir, ...args], env)
  const code = await run.exited
  return { code, output: run.output() }
}

describe('cockpit start in embedded mode', () => {
  it('creates the data dir, serves the app shell and a healthy /api/health, and stops on SIGTERM with 0', async () => {
    const dataDir = join(scratch, 'fresh', 'data')
    const cockpit = await serveCockpit({ dataDir })
    try {
      const response = await fetch(`${cockpit.url}/api/health`)
      expect(response.status).toBe(200)
      const health = await response.json()
      expect(health).toMatchObject({ status: 'ok', mode: 'embedded', version: expect.any(String) })
      for (const name of ['appDb', 'catalog', 'sensorSource', 'mesSource']) {
        expect(health.components[name]).toMatchObject({ status: 'ok', message: expect.any(String) })
      }
      expect(existsSync(join(dataDir, 'app.sqlite'))).toBe(true)
      expect(existsSync(join(dataDir, 'duckdb', 'cockpit.duckdb'))).toBe(true)

      const page = await fetch(`${cockpit.url}/`).then((r) => r.text())
      expect(page).toContain('<title>Plant Cockpit</title>')
      const deepLink = await fetch(`${cockpit.url}/boards/line-1`)
      expect(deepLink.status).toBe(200)
      // Deny by default: an /api path without an access rule is refused before any route is looked up.
      const unknownApi = await cockpit.api('/api/no-such-thing')
      expect(unknownApi.status).toBe(403)
      expect(await unknownApi.json()).toEqual({ error: { code: 'forbidden', message: 'no access rule for GET /api/no-such-thing: denied' } })
    } finally {
      expect(await cockpit.stop()).toBe(0)
    }
    expect(cockpit.output()).toContain('"msg":"stopped"')
  })

  it('writes structured JSON logs at the level asked for', async () => {
    const cockpit = await serveCockpit({ env: { COCKPIT_LOG_LEVEL: 'warn' } })
    await cockpit.stop()
    expect(cockpit.output()).not.toContain('listening on')

    const verbose = await serveCockpit({ env: { COCKPIT_LOG_LEVEL: 'debug' } })
    await verbose.stop()
    const lines = verbose.output().trim().split('\n')
    const listening = lines.map((line) => JSON.parse(line)).find((entry) => /listening on/.test(entry.msg))
    expect(listening).toMatchObject({ level: 30, mode: 'embedded', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) })
  })

  it('keeps its state across a restart on the same data dir', async () => {
    const dataDir = join(scratch, 'restart')
    const first = await serveCockpit({ dataDir })
    expect(await first.stop()).toBe(0)
    const second = await serveCockpit({ dataDir })
    expect((await fetch(`${second.url}/api/health`)).status).toBe(200)
    expect(await second.stop()).toBe(0)
  })
})

describe('cockpit start with bad surroundings', () => {
  it('names the port when it is already in use, and exits 1', async () => {
    const busy = await silentServer()
    try {
      const { code, output } = await startAndFail({}, ['--port', String(busy.port)])
      expect(code).toBe(1)
      expect(output).toContain(`cockpit: port ${busy.port} is already in use on 127.0.0.1; set COCKPIT_PORT or --port to a free port`)
    } finally {
      await busy.close()
    }
  })

  it('names the data dir when it cannot be written, and exits 1', async () => {
    const file = join(scratch, 'a-file')
    writeFileSync(file, 'not a folder')
    const { code, output } = await startAndFail({}, ['--data-dir', join(file, 'data')])
    expect(code).toBe(1)
    expect(output).toContain(`cockpit: data dir ${join(file, 'data')} is not writable (ENOTDIR)`)
  })

  it('names Kafka when no broker listens, and exits 1 without hanging', async () => {
    const port = await freePort()
    const { code, output } = await startAndFail({ COCKPIT_KAFKA_BROKERS: `127.0.0.1:${port}`, COCKPIT_CONNECT_TIMEOUT_MS: '2000' })
    expect(code).toBe(1)
    expect(output).toContain(`cockpit: COCKPIT_KAFKA_BROKERS: Kafka at 127.0.0.1:${port} is not reachable`)
  })

  it('names Kafka when the endpoint accepts connections but never answers', async () => {
    const silent = await silentServer()
    try {
      const { code, output } = await startAndFail({
        COCKPIT_KAFKA_BROKERS: `127.0.0.1:${silent.port}`,
        COCKPIT_CONNECT_TIMEOUT_MS: '1500',
      })
      expect(code).toBe(1)
      expect(output).toContain(`cockpit: COCKPIT_KAFKA_BROKERS: Kafka at 127.0.0.1:${silent.port} is not reachable`)
    } finally {
      await silent.close()
    }
  })

  it('names the S3 location when the endpoint never answers', async () => {
    const silent = await silentServer()
    try {
      const { code, output } = await startAndFail({
        COCKPIT_MES_SOURCE: 's3://mes-dumps/daily',
        COCKPIT_S3_ENDPOINT: `http://127.0.0.1:${silent.port}`,
        COCKPIT_CONNECT_TIMEOUT_MS: '1500',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
      })
      expect(code).toBe(1)
      expect(output).toContain('cockpit: COCKPIT_MES_SOURCE: s3://mes-dumps/daily is not reachable: no answer within 1500 ms')
    } finally {
      await silent.close()
    }
  })

  it('names the S3 location when nothing listens at the endpoint', async () => {
    const port = await freePort()
    const { code, output } = await startAndFail({
      COCKPIT_CATALOG: 's3://lake/catalog',
      COCKPIT_S3_ENDPOINT: `http://127.0.0.1:${port}`,
      COCKPIT_CONNECT_TIMEOUT_MS: '2000',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    })
    expect(code).toBe(1)
    expect(output).toMatch(/cockpit: COCKPIT_CATALOG: s3:\/\/lake\/catalog is not reachable: .*ECONNREFUSED/)
  })
})
