/**
 * Starts the HTTP server and resolves once it listens, or rejects with a clear cause
 * (port in use, permission denied) instead of crashing on an unhandled 'error' event.
 */
import { serve, type ServerType } from '@hono/node-server'
import type { Env, Hono } from 'hono'
import type { Server } from 'node:http'
import { StartupError } from './startup-error.ts'

export interface ListenOptions<E extends Env = Env> {
  app: Hono<E>
  port: number
  host: string
}

export function listen<E extends Env>(options: ListenOptions<E>): Promise<Server> {
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(new StartupError(describeListenError(error, options), { cause: error }))
    }
    server = serve({ fetch: options.app.fetch, port: options.port, hostname: options.host }, () => {
      server?.off('error', onError)
      resolve(server as Server)
    })
    server.once('error', onError)
  })
}

function describeListenError(error: NodeJS.ErrnoException, options: { port: number; host: string }): string {
  const where = `${options.host}:${options.port}`
  if (error.code === 'EADDRINUSE') return `port ${options.port} is already in use on ${options.host}; set COCKPIT_PORT or --port to a free port`
  if (error.code === 'EACCES') return `not allowed to listen on ${where}; use a port above 1023 or run with the needed rights`
  if (error.code === 'EADDRNOTAVAIL') return `cannot listen on ${where}: no such address on this machine (COCKPIT_HOST / --host)`
  return `cannot listen on ${where}: ${error.message}`
}
