import { requireScope } from './auth.js'
import { parseImportForm, readImportForm } from './import-job-request.js'
import type { Route } from './router.js'
import type { ApiContext } from './tenant.js'

/**
 * The jobs endpoints: users exports (200, not 201, as Auth0 does), verification e-mails (201),
 * users imports (202, multipart) and the import error report.
 */
export const jobsRoutes: readonly Route<ApiContext>[] = [
  {
    method: 'POST',
    pattern: /^\/api\/v2\/jobs\/users-exports\/?$/,
    handler: async ({ tenant, principal, body }) => {
      requireScope(principal, ['read:users'])
      const job = tenant.jobs.create(await body(), tenant.connections, tenant.store.all())
      return { status: 200, body: job }
    },
  },
  {
    method: 'POST',
    pattern: /^\/api\/v2\/jobs\/verification-email\/?$/,
    handler: async ({ tenant, principal, body }) => {
      requireScope(principal, ['update:users'])
      return {
        status: 201,
        body: tenant.verificationJobs.create(tenant, await body(), principal.clientId),
      }
    },
  },
  {
    method: 'POST',
    pattern: /^\/api\/v2\/jobs\/users-imports\/?$/,
    handler: async ({ tenant, principal, req }) => {
      requireScope(principal, ['create:users'])
      const request = parseImportForm(await readImportForm(req), tenant.connections)
      return { status: 202, body: tenant.importJobs.create(request, principal.clientId) }
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v2\/jobs\/(?<id>[^/]+)\/errors\/?$/,
    handler: async ({ tenant, principal }, { id }) => {
      requireScope(principal, ['create:users', 'read:users'])
      const report = tenant.importJobs.errors(id!)
      if (report === undefined) {
        // Other jobs have no error details; an unknown id is a 404 (describe throws it).
        if (tenant.verificationJobs.describe(id!) === undefined) tenant.jobs.describe(id!, '')
        return { status: 204 }
      }
      if (Array.isArray(report) && report.length === 0) return { status: 204 }
      // Recorded: this one answer has no charset.
      return { status: 200, body: report, headers: { 'content-type': 'application/json' } }
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v2\/jobs\/(?<id>[^/]+)\/?$/,
    handler: async ({ tenant, principal }, { id }) => {
      requireScope(principal, ['create:users', 'read:users'])
      const imported = tenant.importJobs.describe(id!)
      if (imported !== undefined) return { status: 200, body: imported }
      const verification = tenant.verificationJobs.describe(id!)
      if (verification !== undefined) return { status: 200, body: verification }
      return { status: 200, body: tenant.jobs.describe(id!, tenant.origin()) }
    },
  },
]
