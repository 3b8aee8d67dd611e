import type { Auth0, Role } from '../index.js'
import { defaultBackupName, writeBackup } from './backup-writer.js'
import { formatSummary, incomplete, jsonSummary, statusOf, type JobStatus } from './bulk-summary.js'
import { EXIT } from './exit-codes.js'
import { interruptOnSigint } from './interrupt.js'
import { ProgressReporter } from './progress-reporter.js'
import { findRole } from './role-lookup.js'
import { UsageError } from './usage-error.js'
import type { BulkFlags } from './users-bulk.js'
import { previewLines } from './users-preview.js'
import { readRoleBackup } from './users-role-backup.js'
import { selectionFrom } from './users-selection.js'
import { tenantFromEnv } from './users-tenant.js'

export type RoleAction = 'add-role' | 'remove-role'

export interface RoleBulkFlags extends BulkFlags {
  /** Act on the users of a backup this command wrote, instead of a search (to undo it). */
  fromBackup?: string
}

interface Member {
  user_id: string
  email?: string
}

const VERBS = { 'add-role': 'assigned', 'remove-role': 'unassigned' } as const

/**
 * `auth0plus users add-role|remove-role ROLE [selection]`: as `users delete`, a preview first,
 * acting only with `--yes`, never with `--dry-run` or over `--max`. It reads the role's members
 * once to act only on users whose assignment changes, backs those up (one JSON line each, with
 * the role) before the first write, shows progress and ends with a summary; exit 0 only when
 * every change succeeded. The backup undoes the job: `users remove-role ROLE --from-backup FILE`
 * after an add-role, `users add-role ROLE --from-backup FILE` after a remove-role.
 */
export async function runRoleBulk(
  action: RoleAction,
  roleRef: string,
  flags: RoleBulkFlags,
): Promise<number> {
  const verb = VERBS[action]
  let say = (line: string) => void process.stdout.write(`${line}\n`)
  let summarise = (_summary: Record<string, unknown>) => {}
  if (flags.json) {
    say = (line) => void process.stderr.write(`${line}\n`)
    summarise = (summary) =>
      void process.stdout.write(`${JSON.stringify({ action, ...summary })}\n`)
  }
  const early = (status: JobStatus, total: number) =>
    summarise(jsonSummary({ verb, total, succeeded: 0, failed: [], notAttempted: [] }, status))

  const auth0 = await tenantFromEnv()
  const role = await findRole(auth0, roleRef)
  const selected = await selectUsers(auth0, flags, action)
  for (const line of selected.preview) say(line)
  say(`Role: ${role.name} (${role.id}).`)
  const total = selected.total
  if (total === 0) return (say(`Nothing to do.`), early('nothing-matched', 0), EXIT.ok)
  if (flags.dryRun) {
    say(`Dry run: no role was ${verb} and no backup was written.`)
    return (early('dry-run', total), EXIT.ok)
  }
  if (flags.max !== undefined && total > flags.max) {
    say(`Refused: ${total} users match, more than --max ${flags.max}. No role was ${verb}.`)
    return (early('refused', total), EXIT.notDone)
  }
  if (!flags.yes) {
    say(`No role was ${verb}. Re-run with --yes to act on these ${total} users (backed up first).`)
    return (early('preview', total), EXIT.notDone)
  }

  say('Collecting the matching users and the role’s members…')
  const users = await selected.collect()
  if (flags.max !== undefined && users.length > flags.max) {
    say(
      `Refused: ${users.length} users match now, more than --max ${flags.max}. No role was ${verb}.`,
    )
    return (early('refused', users.length), EXIT.notDone)
  }
  const members = new Set<string>()
  for await (const member of role.users.all()) members.add(member.user_id)
  const adding = action === 'add-role'
  const changing = users.filter((user) => members.has(user.user_id) !== adding)
  const skipped = users
    .filter((user) => members.has(user.user_id) === adding)
    .map((user) => ({
      user_id: user.user_id,
      reason: adding ? 'holds the role already' : 'does not hold the role',
    }))
  let backup: string | undefined
  if (changing.length > 0) {
    const path = flags.backup ?? defaultBackupName(auth0.domain, new Date())
    backup = await writeBackup(
      path,
      changing.map((user) => ({ ...user, role_id: role.id, role_name: role.name, change: action })),
    )
    say(`Backed up ${changing.length} assignments to ${backup} (synced to disk).`)
  }

  const reporter = new ProgressReporter({
    stream: process.stderr,
    tty: process.stderr.isTTY === true,
    verb,
  })
  const interrupt = interruptOnSigint(() =>
    process.stderr.write(
      '\nInterrupted: finishing the requests in flight, starting no new ones (Ctrl-C again to quit now).\n',
    ),
  )
  const ids = changing.map((user) => user.user_id)
  let result: {
    count: number
    failed: { user_id: string; error: unknown }[]
    notAttempted: string[]
  }
  try {
    const options = { onProgress: reporter.update.bind(reporter), signal: interrupt.signal }
    result = adding
      ? await role.users.add(ids, options)
      : await removeEach(auth0, role, ids, options)
  } finally {
    interrupt.release()
    reporter.finish()
  }
  const outcome = {
    verb,
    total: users.length,
    succeeded: result.count,
    skipped,
    failed: result.failed,
    notAttempted: result.notAttempted,
    interrupted: interrupt.signal.aborted,
    ...(backup === undefined ? {} : { backup }),
  }
  for (const line of formatSummary(outcome)) say(line)
  summarise(jsonSummary(outcome, statusOf(outcome)))
  if (outcome.interrupted) return EXIT.interrupted
  return incomplete(outcome) ? EXIT.failed : EXIT.ok
}

interface Selected {
  total: number
  preview: string[]
  collect(): Promise<Member[]>
}

/** The users to act on: a search from the selection flags, or the users of a backup. */
async function selectUsers(
  auth0: Auth0,
  flags: RoleBulkFlags,
  action: RoleAction,
): Promise<Selected> {
  if (flags.fromBackup !== undefined) {
    const users = await readRoleBackup(flags.fromBackup)
    const preview = [
      `${users.length} user${users.length === 1 ? '' : 's'} listed in ${flags.fromBackup}.`,
    ]
    return { total: users.length, preview, collect: () => Promise.resolve(users) }
  }
  const selection = selectionFrom(flags, auth0.users.connection)
  if (!selection.filtered && !flags.everyone) {
    throw new UsageError(
      `${action} without --email, --user-id, --where, --q or --from-backup would act on every ` +
        `user of ${selection.scope}; add --everyone if that is what you mean.`,
    )
  }
  const users = auth0.users.query(selection.where, selection.params)
  const total = await users.count()
  return {
    total,
    preview: await previewLines(users, total, selection.scope),
    collect: async () => {
      const found: Member[] = []
      for await (const user of users.only('user_id', 'email')) {
        const { user_id, email } = user as { user_id: string; email?: string }
        found.push({ user_id, ...(email === undefined ? {} : { email }) })
      }
      return found
    },
  }
}

/**
 * Auth0 removes a role from one user per request (DELETE /users/{id}/roles), so one by one,
 * paced by the tenant's rate-limit headers; a 401/403 stops the job as in `qs.delete()`.
 */
async function removeEach(
  auth0: Auth0,
  role: Role,
  ids: string[],
  options: { onProgress: ProgressReporter['update']; signal: AbortSignal },
) {
  const result = {
    count: 0,
    failed: [] as { user_id: string; error: unknown }[],
    notAttempted: [] as string[],
  }
  const started = Date.now()
  let halted = false
  for (const user_id of ids) {
    if (halted || options.signal.aborted) {
      result.notAttempted.push(user_id)
      continue
    }
    try {
      await new auth0.users({ user_id }).roles.remove(role.id!)
      result.count++
    } catch (error) {
      result.failed.push({ user_id, error })
      const status = (error as { statusCode?: unknown }).statusCode
      halted = status === 401 || status === 403
    }
    const elapsedMs = Date.now() - started
    const done = result.count + result.failed.length
    options.onProgress({
      total: ids.length,
      done,
      succeeded: result.count,
      failed: result.failed.length,
      elapsedMs,
      perSecond: elapsedMs > 0 ? (done * 1000) / elapsedMs : 0,
    })
  }
  return result
}
