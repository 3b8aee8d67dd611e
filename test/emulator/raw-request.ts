import { request } from 'node:http'
import type { ApiCall, TestTenant } from './helpers.js'

/**
 * One Management API call whose path is sent byte for byte (fetch would resolve `..` and `.`
 * segments before they reach the server). Answers the status and the parsed JSON body.
 */
export function rawApi(
  tenant: TestTenant,
  method: string,
  rawPath: string,
): Promise<Pick<ApiCall, 'status' | 'body'>> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${tenant.domain}/`,
      { method, path: `/api/v2${rawPath}`, headers: { authorization: `Bearer ${tenant.token}` } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          resolve({ status: res.statusCode ?? 0, body: text === '' ? undefined : JSON.parse(text) })
        })
      },
    )
    req.on('error', reject)
    req.end()
  })
}
