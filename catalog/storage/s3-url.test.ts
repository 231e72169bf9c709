import { describe, expect, it } from 'vitest'
import { createS3Client, parseS3Url } from './s3-client.ts'

describe('parseS3Url', () => {
  it.each([
    ['s3://bucket', { bucket: 'bucket', prefix: '' }],
    ['s3://bucket/', { bucket: 'bucket', prefix: '' }],
    ['s3://my.bucket-1/raw/2024/', { bucket: 'my.bucket-1', prefix: 'raw/2024/' }],
    ['s3://bucket/raw/2024', { bucket: 'bucket', prefix: 'raw/2024' }],
    ['s3://bucket/a b/ü?x=1#y', { bucket: 'bucket', prefix: 'a b/ü?x=1#y' }],
  ])('parses %s', (url, expected) => {
    expect(parseS3Url(url)).toEqual(expected)
  })

  it.each([
    ['', /not an S3 URL/],
    ['bucket/prefix', /not an S3 URL/],
    ['https://bucket.s3.amazonaws.com/x', /not an S3 URL/],
    ['s3:/bucket/x', /not an S3 URL/],
    ['s3://', /has no bucket/],
    ['s3:///prefix', /has no bucket/],
    ['s3://ab/x', /invalid bucket name "ab"/],
    ['s3://user@bucket/x', /invalid bucket name/],
    ['s3://bucket-/x', /invalid bucket name/],
    [`s3://${'b'.repeat(64)}`, /invalid bucket name/],
  ])('rejects %j', (url, message) => {
    expect(() => parseS3Url(url)).toThrow(message)
  })
})

describe('createS3Client', () => {
  it('uses path-style addressing and a default region for a custom endpoint', async () => {
    const client = createS3Client({ endpoint: 'http://127.0.0.1:9000' })
    expect(client.config.forcePathStyle).toBe(true)
    expect(await client.config.region()).toBe('us-east-1')
    expect(await client.config.requestChecksumCalculation()).toBe('WHEN_REQUIRED')
    expect(await client.config.responseChecksumValidation()).toBe('WHEN_REQUIRED')
  })

  it('rejects a malformed endpoint and half-given credentials', () => {
    expect(() => createS3Client({ endpoint: 'localhost:9000' })).toThrow(/http:\/\/ or https:\/\//)
    expect(() => createS3Client({ endpoint: 'not a url' })).toThrow(/not a URL/)
    expect(() => createS3Client({ accessKeyId: 'a' })).toThrow(/both/)
  })
})
