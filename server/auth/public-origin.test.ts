/** Which origins are this cockpit's own, from its settings and the request's address. */
import { describe, expect, it } from 'vitest'
import { acceptedOrigins, canonicalOrigin, type PublicOriginSettings } from './public-origin.ts'

const loopback: PublicOriginSettings = { host: '127.0.0.1', port: 8080, trustProxy: false }

describe('acceptedOrigins', () => {
  it('is COCKPIT_PUBLIC_URL alone when it is set, whatever the request says', () => {
    const settings = { ...loopback, publicUrl: 'https://Cockpit.Plant.example/', trustProxy: true }
    expect(acceptedOrigins(settings, { host: 'evil.example', forwardedHost: 'evil.example', forwardedProto: 'http' })).toEqual(['https://cockpit.plant.example'])
  })

  it('is http on the listen port under each loopback name on a loopback address, not the Host sent', () => {
    expect(acceptedOrigins(loopback, { host: 'evil.example:8080' })).toEqual(['http://127.0.0.1:8080', 'http://localhost:8080', 'http://[::1]:8080'])
  })

  it('is http://HOST:PORT on another specific address', () => {
    expect(acceptedOrigins({ ...loopback, host: '10.1.2.3', port: 80 }, { host: '10.1.2.3' })).toEqual(['http://10.1.2.3'])
  })

  it('is the forwarded proto and host behind a trusted proxy, and ignores them otherwise', () => {
    const addressed = { host: '127.0.0.1:8080', forwardedHost: 'cockpit.plant', forwardedProto: 'https' }
    expect(acceptedOrigins({ ...loopback, trustProxy: true }, addressed)).toEqual(['https://cockpit.plant'])
    expect(acceptedOrigins(loopback, { host: '127.0.0.1:8080' })).toContain('http://127.0.0.1:8080')
  })

  it('is the request’s Host on the listen port when listening on all interfaces', () => {
    const all = { ...loopback, host: '0.0.0.0' }
    expect(acceptedOrigins(all, { host: 'cockpit.plant:8080' })).toEqual(['http://cockpit.plant:8080'])
    expect(acceptedOrigins(all, { host: 'cockpit.plant:9999' })).toEqual([])
    expect(acceptedOrigins(all, { host: 'evil@cockpit.plant:8080' })).toEqual([])
  })
})

describe('canonicalOrigin', () => {
  it('names the configured origin, else the listen address where it is one', () => {
    expect(canonicalOrigin({ ...loopback, publicUrl: 'https://cockpit.plant.example' })).toBe('https://cockpit.plant.example')
    expect(canonicalOrigin(loopback)).toBe('http://127.0.0.1:8080')
    expect(canonicalOrigin({ ...loopback, host: '::1' })).toBe('http://[::1]:8080')
    expect(canonicalOrigin({ ...loopback, host: '0.0.0.0' })).toBeUndefined()
    expect(canonicalOrigin({ ...loopback, trustProxy: true })).toBeUndefined()
  })
})
