import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { Auth0Error } from '../../src/index.js'
import { defaultBackupName, writeBackup } from '../../src/cli/backup-writer.js'
import { readBackup } from '../../src/cli/backup-reader.js'
import { formatSummary, incomplete } from '../../src/cli/bulk-summary.js'
import { LineSink } from '../../src/cli/line-sink.js'
import { randomPassword } from '../../src/cli/random-password.js'
import { restorePlan } from '../../src/cli/restore-plan.js'
import { TableWriter } from '../../src/cli/table-writer.js'
import { textWidth } from '../../src/cli/text-width.js'

describe('TableWriter', () => {
  it('sizes columns from the first rows, cuts long cells, shows objects as JSON', async () => {
    const stream = new PassThrough()
    let text = ''
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()))
    const table = new TableWriter(new LineSink(stream), [
      'user_id',
      'user_metadata.band',
      'app_metadata',
    ])
    await table.add({
      user_id: 'auth0|1',
      user_metadata: { band: 'AC/DC' },
      app_metadata: { a: 1 },
    })
    await table.add({ user_id: 'auth0|2', email: 'x', user_metadata: { band: 'x'.repeat(60) } })
    await table.end()
    expect(text.split('\n')).toEqual([
      'user_id  user_metadata.band                        app_metadata',
      '-------  ----------------------------------------  ------------',
      'auth0|1  AC/DC                                     {"a":1}',
      `auth0|2  ${'x'.repeat(39)}…`,
      '',
    ])
    expect(table.rows).toBe(2)
  })
})

describe('formatSummary', () => {
  it('lists every failure with its reason, and what was not attempted', () => {
    const error = new Auth0Error({ statusCode: 404, message: 'The user does not exist.' })
    const outcome = {
      verb: 'deleted',
      total: 4,
      succeeded: 2,
      failed: [{ user_id: 'auth0|3', error }],
      notAttempted: ['auth0|4'],
      backup: '/tmp/b.jsonl',
    }
    expect(formatSummary(outcome)).toEqual([
      'matched:        4',
      'deleted:        2',
      'failed:         1',
      '  auth0|3  404: The user does not exist.',
      'not attempted:  1',
      '  auth0|4',
      'backup:         /tmp/b.jsonl',
    ])
    expect(incomplete(outcome)).toBe(true)
    expect(incomplete({ ...outcome, failed: [], notAttempted: [] })).toBe(false)
  })

  it('counts long lists of skipped users instead of printing them all', () => {
    const skipped = Array.from({ length: 60 }, (_, i) => ({
      user_id: `u${i}`,
      reason: 'already exists',
    }))
    const lines = formatSummary({
      verb: 'restored',
      total: 60,
      succeeded: 0,
      failed: [],
      notAttempted: [],
      skipped,
    })
    expect(lines).toContain('skipped:        60')
    expect(lines).toContain('  … and 10 more')
  })
})

describe('backups', () => {
  it('writes one JSON line per user, private, and never overwrites', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'auth0plus-backup-'))
    const users = Array.from({ length: 1201 }, (_, i) => ({
      user_id: `auth0|${i}`,
      user_metadata: { i },
    }))
    const path = await writeBackup(join(dir, 'b.jsonl'), users)
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n')
    expect(lines.map((line) => JSON.parse(line))).toEqual(users)
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    await expect(writeBackup(path, users)).rejects.toThrow(
      `the backup file ${path} exists already and is never overwritten: pass another --backup.`,
    )
    const read = []
    for await (const { user } of readBackup(path)) read.push(user)
    expect(read).toEqual(users)
  })

  it('names the default file after the tenant and the time', () => {
    expect(defaultBackupName('http://127.0.0.1:4010', new Date(0))).toBe(
      'auth0plus-backup-127.0.0.1-4010-1970-01-01T00-00-00-000Z.jsonl',
    )
  })

  it('refuses a line that is not a user object', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'auth0plus-backup-')), 'bad.jsonl')
    await writeFile(path, '{"user_id":"a"}\n\n[1]\n')
    const read = async () => {
      for await (const _ of readBackup(path)) void _
    }
    await expect(read()).rejects.toThrow(`${path}:3 is not a user object`)
  })
})

describe('restorePlan', () => {
  const user = {
    user_id: 'auth0|abc',
    email: 'a@x.io',
    email_verified: true,
    identities: [{ provider: 'auth0', connection: 'db', user_id: 'abc', isSocial: false }],
    created_at: '2020-01-01T00:00:00.000Z',
    logins_count: 3,
    user_metadata: { band: 'AC/DC' },
    picture: null,
  }

  it('keeps what POST /users accepts and sends no verification e-mail', () => {
    expect(restorePlan(user, undefined, 'fallback')).toEqual({
      kind: 'create',
      user_id: 'auth0|abc',
      connection: 'db',
      fields: {
        user_id: 'auth0|abc',
        email: 'a@x.io',
        email_verified: true,
        user_metadata: { band: 'AC/DC' },
        verify_email: false,
      },
    })
    expect(restorePlan(user, 'other', 'fallback')).toMatchObject({ connection: 'other' })
  })

  it('skips social users and refuses lines without a user_id', () => {
    const social = {
      user_id: 'google-oauth2|1',
      identities: [{ provider: 'google-oauth2', connection: 'google' }],
    }
    expect(restorePlan(social, undefined, 'db')).toMatchObject({ kind: 'skip' })
    expect(restorePlan({ email: 'a@x.io' }, undefined, 'db')).toBeUndefined()
  })
})

describe('randomPassword', () => {
  it('is long, uses four character classes and never repeats a character three times', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 200; i++) {
      const password = randomPassword()
      expect(password).toHaveLength(24)
      for (const re of [/[a-z]/, /[A-Z]/, /[0-9]/, /[!@#$%^&*]/]) expect(password).toMatch(re)
      expect(password).not.toMatch(/(.)\1\1/)
      seen.add(password)
    }
    expect(seen.size).toBe(200)
  })
})

describe('TableWriter with wide characters', () => {
  it('lines up CJK names by terminal columns, and cuts them by columns', async () => {
    const stream = new PassThrough()
    let text = ''
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()))
    const table = new TableWriter(new LineSink(stream), ['name', 'email'])
    await table.add({ name: '山田太郎', email: 'taro@example.jp' })
    await table.add({ name: 'Ann', email: 'ann@example.com' })
    await table.add({ name: '김민준', email: 'minjun@example.kr' })
    await table.add({ name: 'é́', email: 'combining@example.com' })
    await table.add({ name: '東'.repeat(30), email: 'long@example.jp' })
    await table.end()
    const lines = text.trimEnd().split('\n')
    // Every email starts in the same terminal column: 40 (the widest name, cut) + 2.
    const emailColumn = (line: string) => textWidth(line.slice(0, line.search(/\S+@/)))
    expect(lines.slice(2).map(emailColumn)).toEqual([42, 42, 42, 42, 42])
    expect(lines[6]).toBe(`${'東'.repeat(19)}…   long@example.jp`)
    expect(textWidth('山田太郎')).toBe(8)
    expect(textWidth('é́')).toBe(1)
  })
})
