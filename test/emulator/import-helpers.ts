import type { ApiCall, TestTenant } from './helpers.js'

/** The parts of a users-imports request: the file (text or JSON) and the text fields. */
export interface ImportParts {
  users?: unknown
  /** Raw file text instead of `JSON.stringify(users)`. */
  file?: string
  connection_id?: string
  upsert?: boolean | string
  external_id?: string
  send_completion_email?: boolean | string
}

/** POST /jobs/users-imports as a browser-style FormData upload (what fetch-based SDKs send). */
export async function postImport(tenant: TestTenant, parts: ImportParts): Promise<ApiCall> {
  const form = new FormData()
  const file = parts.file ?? (parts.users === undefined ? undefined : JSON.stringify(parts.users))
  if (file !== undefined) {
    form.append('users', new Blob([file], { type: 'application/json' }), 'users.json')
  }
  for (const key of ['connection_id', 'upsert', 'external_id', 'send_completion_email'] as const) {
    if (parts[key] !== undefined) form.append(key, String(parts[key]))
  }
  const res = await fetch(`${tenant.domain}/api/v2/jobs/users-imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tenant.token}` },
    body: form,
  })
  const text = await res.text()
  return {
    status: res.status,
    body: text === '' ? undefined : JSON.parse(text),
    text,
    headers: res.headers,
  }
}

/** The tenant's connection id for `name` (GET /connections). */
export async function connectionId(tenant: TestTenant, name = tenant.connection): Promise<string> {
  const res = await fetch(`${tenant.domain}/api/v2/connections?name=${encodeURIComponent(name)}`, {
    headers: { authorization: `Bearer ${tenant.token}` },
  })
  const body = (await res.json()) as { id: string; name: string }[]
  return body.find((c) => c.name === name)!.id
}
