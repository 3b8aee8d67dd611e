import type { User, UserModel } from 'auth0plus'
import { emailVerification, passwordReset } from './account-routes.js'
import { applyPatch } from './apply-patch.js'
import { HttpError } from './http-error.js'
import { readJsonBody } from './json-io.js'
import { parseListParams } from './list-params.js'
import { Router, type Reply, type RouteContext } from './router.js'
import { parseCreateBody, parsePatchBody } from './user-body.js'
import { parseUserId } from './user-id.js'
import { userView } from './user-view.js'

/**
 * The users resource, limited to `connection`. Each handler validates its input first (a 400
 * costs no Auth0 request), then makes as few Management API calls as the library allows;
 * errors are left to the error mapping. The permissions are the Management API's own names,
 * so one Auth0 API definition (or RBAC role) describes both.
 */
export function usersRouter(users: UserModel, connection: string): Router {
  const find = (id: string) => userOfConnection(users, connection, id)
  return new Router()
    .add('GET', '/users', 'read:users', (context) => listUsers(users, context))
    .add('POST', '/users', 'create:users', (context) => createUser(users, context))
    .add('GET', '/users/:id', 'read:users', (context) => getUser(find, context))
    .add('PATCH', '/users/:id', 'update:users', (context) => updateUser(find, context))
    .add('DELETE', '/users/:id', 'delete:users', (context) => deleteUser(find, context))
    .add('POST', '/users/:id/password-reset', 'update:users', (context) =>
      passwordReset(find, context),
    )
    .add('POST', '/users/:id/email-verification', 'update:users', (context) =>
      emailVerification(find, context),
    )
}

type Find = (id: string) => Promise<User>

/**
 * GET /users/{id} ignores connections, so the service checks the answer: a user with no
 * identity in its connection is answered 404, exactly like a missing one (no hint that the id
 * exists elsewhere). "Any identity" is the rule of the list's `identities.connection` scope, so
 * every user the list shows can be read by id, and no other.
 */
async function userOfConnection(users: UserModel, connection: string, id: string): Promise<User> {
  const user = await users.get(id)
  if (!(user.identities ?? []).some((identity) => identity.connection === connection)) {
    throw new HttpError(404, 'No user has this id.')
  }
  return user
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
    body: {
      users: page.map(userView),
      total,
      offset: params.offset,
      limit: params.limit,
      ...params.paging,
    },
  }
}

async function createUser(users: UserModel, { req }: RouteContext): Promise<Reply> {
  const fields = parseCreateBody(await readJsonBody(req))
  const user = await users.create(fields)
  return {
    status: 201,
    body: userView(user),
    headers: { Location: `/users/${encodeURIComponent(user.user_id ?? '')}` },
  }
}

async function getUser(find: Find, { params }: RouteContext): Promise<Reply> {
  return { status: 200, body: userView(await find(parseUserId(params.id))) }
}

/** Fetch, apply, save: `save()` diffs against the fetch, so only real changes are sent. */
async function updateUser(find: Find, { req, params }: RouteContext): Promise<Reply> {
  const id = parseUserId(params.id)
  const patch = parsePatchBody(await readJsonBody(req))
  const user = await find(id)
  applyPatch(user, patch)
  return { status: 200, body: userView(await user.save()) }
}

/**
 * Auth0 answers 204 for an unknown id too; this service looks the user up first so that a
 * caller deleting a wrong id hears 404 instead of a silent success.
 */
async function deleteUser(find: Find, { params }: RouteContext): Promise<Reply> {
  const user = await find(parseUserId(params.id))
  await user.delete()
  return { status: 204 }
}
