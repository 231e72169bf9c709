/** Global setup: one real S3 server for the project's test files; they `inject('s3')`. */
import type { TestProject } from 'vitest/node'
import { startS3 } from '../s3.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    s3: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string }
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startS3()
  const { endpoint, region, accessKeyId, secretAccessKey } = server
  project.provide('s3', { endpoint, region, accessKeyId, secretAccessKey })
  return () => server.stop()
}
