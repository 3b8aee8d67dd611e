import type { UserModel } from 'auth0plus'
import { applyPatch } from './apply-patch.js'
import { readJsonBody } from './json-io.js'
import { parseListParams } from './list-params.js'
import { Router, type Reply, type RouteContext } from './router.js'
import { parseCreateBody, parsePatchBody } from './user-body.js'
import { parseUserId } from './user-id.js'

/**
 * The users resource. Each handler validates its input first (a 400 costs no Auth0 request),
 * then makes as few Management API calls as the library allows; errors are left to the
 * error mapping.
 */
export function usersRouter(users: UserModel): Router {
  return new Router()
    .add('GET', '/users', (context) => listUsers(users, context))
    .add('POST', '/users', (context) => createUser(users, context))
    .add('GET', '/users/:id', (context) => getUser(users, context))
    .add('PATCH', '/users/:id', (context) => updateUser(users, context))
    .add('DELETE', '/users/:id', (context) => deleteUser(users, context))
}

/** Two requests upstream, side by side: the page (a slice) and the total (`count`). */
async function listUsers(users: UserModel, { url }: RouteContext): Promise<Reply> {
  const params = parseListParams(url.searchParams)
  let query = params.filter ? users.query(params.filter) : users.all()
  if (params.sort !== undefined) query = query.orderBy(params.sort)
  if (params.fields !== undefined) query = query.only(...params.fields)
  const [page, total] = await Promise.all([
    query.slice(params.offset, params.offset + params.limit).toArray(),
    query.count(),
  ])
  return {
    status: 200,
    body: { users: page, total, offset: params.offset, limit: params.limit, ...params.paging },
  }
}

async function createUser(users: UserModel, { req }: RouteContext): Promise<Reply> {
  const fields = parseCreateBody(await readJsonBody(req))
  const user = await users.create(fields)
  return {
    status: 201,
    body: user,
    headers: { Location: `/users/${encodeURIComponent(user.user_id ?? '')}` },
  }
}

async function getUser(users: UserModel, { params }: RouteContext): Promise<Reply> {
  return { status: 200, body: await users.get(parseUserId(params.id)) }
}

/** Fetch, apply, save: `save()` diffs against the fetch, so only real changes are sent. */
async function updateUser(users: UserModel, { req, params }: RouteContext): Promise<Reply> {
  const id = parseUserId(params.id)
  const patch = parsePatchBody(await readJsonBody(req))
  const user = await users.get(id)
  applyPatch(user, patch)
  return { status: 200, body: await user.save() }
}

/**
 * Auth0 answers 204 for an unknown id too; this service looks the user up first so that a
 * caller deleting a wrong id hears 404 instead of a silent success.
 */
async function deleteUser(users: UserModel, { params }: RouteContext): Promise<Reply> {
  const user = await users.get(parseUserId(params.id))
  await user.delete()
  return { status: 204 }
}
