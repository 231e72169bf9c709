/**
 * Job leases: the pure expiry rules, then taking, renewing, releasing and taking over on both
 * app databases — with the clock passed in, so expiry is a given time, not a wait.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AppDb } from '../db/index.ts'
import { appDatabases } from '../test/harness/app-databases.ts'
import { LeaseLostError } from './lease-guard.ts'
import { acquireLease, getLease, leaseState, nextGeneration, releaseLease, renewLease, runWithLease, type Lease } from './job-leases.ts'

const t0 = Date.parse('2026-12-01T06:00:00Z')
const TTL = 30_000
const lease = (holder: string, expiresAt: number, generation = 3): Lease => ({ job: 'mes-ingest', holder, generation, acquiredAt: '2026-12-01T06:00:00.000Z', expiresAt })

describe('lease rules', () => {
  it('tell a free, own, expired and foreign lease apart; expiry is inclusive', () => {
    expect(leaseState(undefined, 'a', t0)).toBe('free')
    expect(leaseState(lease('a', t0 + 1), 'a', t0)).toBe('ours')
    expect(leaseState(lease('b', t0 + 1), 'a', t0)).toBe('held')
    expect(leaseState(lease('b', t0), 'a', t0)).toBe('expired')
    expect(leaseState(lease('a', t0 - 1), 'a', t0)).toBe('expired')
  })

  it('keep the generation on renewal and count every other taking', () => {
    expect(nextGeneration(undefined, 'a', t0)).toBe(1)
    expect(nextGeneration(lease('a', t0 + 1), 'a', t0)).toBe(3)
    expect(nextGeneration(lease('b', t0), 'a', t0)).toBe(4)
    expect(nextGeneration(lease('a', t0), 'a', t0)).toBe(4)
  })
})

describe.each(appDatabases)('job leases on $name', (database) => {
  let db: AppDb
  beforeEach(async () => {
    db = await database.open()
  })
  afterEach(() => db.destroy())

  it('are taken by one holder, refused to another until they expire, then taken over with the next generation', async () => {
    const a = await acquireLease(db, { job: 'mes-ingest', holder: 'a', ttlMs: TTL, now: t0 })
    expect(a).toEqual({ job: 'mes-ingest', holder: 'a', generation: 1, acquiredAt: new Date(t0).toISOString(), expiresAt: t0 + TTL })
    expect(await acquireLease(db, { job: 'mes-ingest', holder: 'b', ttlMs: TTL, now: t0 + TTL - 1 })).toBeUndefined()
    // Another job's lease is independent.
    expect(await acquireLease(db, { job: 'kpi-rebuild', holder: 'b', ttlMs: TTL, now: t0 })).toMatchObject({ holder: 'b', generation: 1 })

    // Renewed by its holder: still generation 1, later expiry.
    expect(await renewLease(db, a!, TTL, t0 + 20_000)).toBe(true)
    expect(await acquireLease(db, { job: 'mes-ingest', holder: 'b', ttlMs: TTL, now: t0 + TTL + 1 })).toBeUndefined()
    expect(await acquireLease(db, { job: 'mes-ingest', holder: 'a', ttlMs: TTL, now: t0 + 25_000 })).toMatchObject({ holder: 'a', generation: 1, expiresAt: t0 + 25_000 + TTL })

    // The holder dies: no renewal; once expired, b takes over and a's renewal fails.
    const expiry = t0 + 25_000 + TTL
    const b = await acquireLease(db, { job: 'mes-ingest', holder: 'b', ttlMs: TTL, now: expiry })
    expect(b).toEqual({ job: 'mes-ingest', holder: 'b', generation: 2, acquiredAt: new Date(expiry).toISOString(), expiresAt: expiry + TTL })
    expect(await renewLease(db, a!, TTL, expiry + 1)).toBe(false)
    // a's late release does not free b's lease; b's own does.
    await releaseLease(db, a!)
    expect(await getLease(db, 'mes-ingest')).toMatchObject({ holder: 'b' })
    await releaseLease(db, b!)
    expect(await getLease(db, 'mes-ingest')).toBeUndefined()
  })

  it('go to exactly one of several instances asking at once', async () => {
    const holders = ['a', 'b', 'c', 'd', 'e', 'f']
    const taken = await Promise.all(holders.map((holder) => acquireLease(db, { job: 'compact', holder, ttlMs: TTL, now: t0 })))
    const winners = taken.filter((l) => l !== undefined)
    expect(winners).toHaveLength(1)
    expect(await getLease(db, 'compact')).toEqual(winners[0])
  })

  it('run a job once: a second runner is told who holds it; after the run the lease is free again', async () => {
    let release!: () => void
    const running = new Promise<void>((resolve) => (release = resolve))
    let started!: () => void
    const hasStarted = new Promise<void>((resolve) => (started = resolve))
    const first = runWithLease(db, { job: 'vacuum', holder: 'a', ttlMs: TTL }, async (held) => {
      started()
      await running
      return held.generation
    })
    await hasStarted
    const second = await runWithLease(db, { job: 'vacuum', holder: 'b', ttlMs: TTL }, async () => 'ran twice')
    expect(second).toMatchObject({ ran: false, heldBy: { holder: 'a' } })
    release()
    expect(await first).toEqual({ ran: true, value: 1 })
    expect(await getLease(db, 'vacuum')).toBeUndefined()
    expect(await runWithLease(db, { job: 'vacuum', holder: 'b', ttlMs: TTL }, async () => 'b ran')).toEqual({ ran: true, value: 'b ran' })
  })

  it('abort the work of a holder whose lease expired and was taken over while it ran, naming the new holder', async () => {
    let now = t0
    const outcome = await runWithLease(db, { job: 'kpi-rebuild', holder: 'a', ttlMs: 30, clock: () => now }, async (_, guard) => {
      // The holder stalls past its expiry; another instance takes the job over.
      now = t0 + 1_000
      expect(await acquireLease(db, { job: 'kpi-rebuild', holder: 'b', ttlMs: TTL, now })).toMatchObject({ holder: 'b', generation: 2 })
      await new Promise<void>((resolve) => guard.signal.addEventListener('abort', () => resolve(), { once: true }))
      return (guard.signal.reason as Error).message
    })
    expect(outcome).toEqual({ ran: true, value: 'lease for kpi-rebuild lost to b' })
    // The new holder's lease stands.
    expect(await getLease(db, 'kpi-rebuild')).toMatchObject({ holder: 'b', generation: 2 })
  })

  it('confirm a lease still held by renewing it for a full TTL, and refuse one taken over before any renewal tick noticed', async () => {
    let now = t0
    const outcome = await runWithLease(db, { job: 'compact', holder: 'a', ttlMs: TTL, clock: () => now }, async (_, guard) => {
      now = t0 + 20_000
      await guard.confirm()
      // Renewed at t0 + 20 s: b cannot take it at t0 + 40 s, when the first lease would have run out.
      now = t0 + 40_000
      expect(await acquireLease(db, { job: 'compact', holder: 'b', ttlMs: TTL, now })).toBeUndefined()
      now = t0 + 50_001
      expect(await acquireLease(db, { job: 'compact', holder: 'b', ttlMs: TTL, now })).toMatchObject({ holder: 'b' })
      const refused = await guard.confirm().then(() => 'confirmed', (error: Error) => error)
      return { refused, aborted: guard.signal.aborted }
    })
    expect(outcome).toEqual({ ran: true, value: { refused: new LeaseLostError('compact', 'b'), aborted: true } })
    expect((outcome as { value: { refused: Error } }).value.refused.message).toBe('lease for compact lost to b')
    expect(await getLease(db, 'compact')).toMatchObject({ holder: 'b' })
  })
})
