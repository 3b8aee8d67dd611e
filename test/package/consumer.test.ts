import { execFile } from 'node:child_process'
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/*
 * The package as a user gets it: built, packed with `npm pack`, unpacked into a fresh project's
 * node_modules (its dependencies linked from this checkout's, since tests never touch the
 * network), then used from CommonJS, ESM, TypeScript and the shell.
 */

const run = promisify(execFile)
const root = resolve(import.meta.dirname, '../..')
const shared = join(root, 'node_modules')
const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>
}

let project: string
let installed: string

/** Runs `node args...` in the consumer project; never throws, so a test can look at a failure. */
async function node(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, args, {
      cwd: project,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

/**
 * What importing `specifier` loads, through a resolve hook: the package's own files (relative to
 * it) and the packages it imported from node_modules, sorted.
 */
async function loaded(specifier: string): Promise<{ files: string[]; packages: string[] }> {
  const log = join(project, `loaded-${Math.random().toString(36).slice(2)}.log`)
  await writeFile(log, '')
  const run = await node(
    [
      '--import',
      './register-hooks.mjs',
      '--input-type=module',
      '-e',
      `await import('${specifier}')`,
    ],
    { LOADED_LOG: log },
  )
  expect(run.stderr).toBe('')
  const urls = (await readFile(log, 'utf8')).split('\n').filter(Boolean)
  const paths = urls.filter((url) => url.startsWith('file:')).map((url) => fileURLToPath(url))
  const own = `${installed}/`
  const files = paths.filter((path) => path.startsWith(own)).map((path) => path.slice(own.length))
  // Resolved URLs are real paths, and this checkout's node_modules may be a link.
  const modules = await realpath(shared)
  const packages = new Set<string>()
  for (const path of paths.filter((path) => path.startsWith(`${modules}/`))) {
    const [scope, name] = path.slice(modules.length + 1).split('/')
    packages.add(scope!.startsWith('@') ? `${scope}/${name}` : scope!)
  }
  return { files: [...new Set(files)].sort(), packages: [...packages].sort() }
}

/** Links a package of this checkout into the consumer project, as `npm install` would put it. */
async function link(name: string) {
  const to = join(project, 'node_modules', name)
  await mkdir(dirname(to), { recursive: true })
  await symlink(join(shared, name), to, 'dir')
}

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'auth0plus-consumer-'))
  await run('npm', ['run', 'build'], { cwd: root })
  // `prepare` would build again; the build above is the one packed.
  const packed = await run(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', project],
    { cwd: root },
  )
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }]
  installed = join(project, 'node_modules', 'auth0plus')
  await mkdir(installed, { recursive: true })
  await run('tar', ['-xzf', join(project, filename), '-C', installed, '--strip-components=1'])
  for (const name of Object.keys(manifest.dependencies)) await link(name)
  await link('@types/node')
  await writeFile(join(project, 'package.json'), '{ "name": "consumer", "private": true }\n')
  await writeFile(
    join(project, 'register-hooks.mjs'),
    "import { register } from 'node:module'\nregister('./loaded-hooks.mjs', import.meta.url)\n",
  )
  // Every module the ESM loader resolves (a CommonJS module's own require()s are not seen,
  // which is enough: a dependency is loaded through its first import).
  await writeFile(
    join(project, 'loaded-hooks.mjs'),
    [
      "import { appendFileSync } from 'node:fs'",
      'export async function resolve(specifier, context, next) {',
      '  const result = await next(specifier, context)',
      "  appendFileSync(process.env.LOADED_LOG, result.url + '\\n')",
      '  return result',
      '}',
    ].join('\n'),
  )
}, 120_000)

afterAll(async () => {
  if (project) await rm(project, { recursive: true, force: true })
})

describe('the packed package, installed in a fresh project', { timeout: 60_000 }, () => {
  it('ships the build, README, LICENSE and .env.example, and no source map', async () => {
    const top = await readdir(installed)
    expect(top.sort()).toEqual(['.env.example', 'LICENSE', 'README.md', 'dist', 'package.json'])
    const files = await readdir(join(installed, 'dist'), { recursive: true })
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([])
    const readme = await readFile(join(installed, 'README.md'), 'utf8')
    // Links must work on the package page: only absolute URLs or anchors.
    const targets = [...readme.matchAll(/\]\(([^)]+)\)/g)].map((match) => match[1]!)
    expect(targets.filter((target) => !/^(https:\/\/|#)/.test(target))).toEqual([])
  })

  it('loads with require() and import(), both entry points', async () => {
    const cjs = await node([
      '-e',
      "const a = require('auth0plus'); const e = require('auth0plus/emulator');" +
        'console.log(typeof a.Auth0, typeof a.Q, typeof e.startEmulator)',
    ])
    expect(cjs.stdout.trim()).toBe('function function function')
    expect(cjs.code).toBe(0)
    const esm = await node([
      '--input-type=module',
      '-e',
      "const a = await import('auth0plus'); const e = await import('auth0plus/emulator');" +
        'console.log(typeof a.Auth0, typeof e.startEmulator)',
    ])
    expect(esm.stdout.trim()).toBe('function function')
    expect(esm.code).toBe(0)
    // One build behind both: the same classes, so `instanceof` holds across module systems.
    const same = await node([
      '--input-type=module',
      '-e',
      "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" +
        "const esm = await import('auth0plus'); const cjs = require('auth0plus');" +
        'console.log(esm.Auth0 === cjs.Auth0, esm.Auth0Error === cjs.Auth0Error)',
    ])
    expect(same.stdout.trim()).toBe('true true')
  })

  it('typechecks a consumer with skipLibCheck false and no `types` setting', async () => {
    const dir = join(project, 'ts')
    await mkdir(dir, { recursive: true })
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          skipLibCheck: false,
          noEmit: true,
        },
        files: ['consumer.ts', 'consumer-cjs.cts'],
      }),
    )
    await writeFile(
      join(dir, 'consumer.ts'),
      [
        "import { Auth0, Q, type User } from 'auth0plus'",
        "import { startEmulator } from 'auth0plus/emulator'",
        'const tenant = await startEmulator({ port: 0 })',
        'const auth0 = new Auth0(tenant.domain, { clientId: tenant.clientId, clientSecret: tenant.clientSecret })',
        "const users: User[] = await auth0.users.query(Q({ email__domain: 'x.test' })).toArray()",
        'console.log(users.length)',
        'export {}',
      ].join('\n'),
    )
    await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n')
    // And from CommonJS TypeScript (a .cts file): the `require` entry's own declarations.
    await writeFile(
      join(dir, 'consumer-cjs.cts'),
      [
        "import { Auth0, type User } from 'auth0plus'",
        "import { startEmulator } from 'auth0plus/emulator'",
        'export async function names(): Promise<string[]> {',
        '  const tenant = await startEmulator({ port: 0 })',
        '  const auth0 = new Auth0(tenant.domain, { clientId: tenant.clientId, clientSecret: tenant.clientSecret })',
        '  const users: User[] = await auth0.users.all().toArray()',
        '  return users.map((user) => user.email ?? "")',
        '}',
      ].join('\n'),
    )
    const tsc = await node([join(shared, 'typescript/bin/tsc'), '-p', dir])
    expect(tsc.stdout + tsc.stderr).toBe('')
    expect(tsc.code).toBe(0)
  })

  it('loads no emulator, CLI or doctest code, and no dependency of theirs, from the main entry', async () => {
    const main = await loaded('auth0plus')
    expect(main.files.filter((file) => /^dist\/(emulator|cli|doctest)\//.test(file))).toEqual([])
    // The library's own dependencies only: HTTP, lodash, lucene (raw `q` parsing) and the file
    // token store's lock. Never the CLI's (commander, dotenv), the emulator's certificates, the
    // doctest runner's compiler or an optional Redis client.
    // Pinned: a new dependency of the main entry is a deliberate change to this list. (Theirs,
    // such as axios' form-data, come along and are not listed.)
    const pinned = ['axios', 'lodash', 'lucene', 'proper-lockfile']
    const own = main.packages.filter((name) => name in manifest.dependencies)
    expect(own).toContain('axios')
    expect(own.filter((name) => !pinned.includes(name))).toEqual([])
    for (const name of ['commander', 'dotenv', 'selfsigned', 'typescript', 'redis']) {
      expect(main.packages).not.toContain(name)
    }
    const emulator = await loaded('auth0plus/emulator')
    expect(emulator.files.filter((file) => /^dist\/(cli|doctest)\//.test(file))).toEqual([])
    // Certificates (selfsigned, ~8 MB) only with `https`; no CLI parser, no .env reader.
    for (const name of ['selfsigned', 'commander', 'dotenv', 'typescript']) {
      expect(emulator.packages).not.toContain(name)
    }
  })

  it('runs `auth0plus doctests`, and without typescript says what to install', async () => {
    await writeFile(
      join(project, 'doc.md'),
      [
        '```ts',
        "import { Q } from 'auth0plus'",
        'const n: number = 6 * 7',
        'n',
        '//=> 42',
        '```',
      ].join('\n'),
    )
    const bin = join(installed, 'dist/cli/main.js')
    const missing = await node([bin, 'doctests', 'doc.md'])
    expect(missing.stderr.trim()).toBe(
      'The doctest runner needs the typescript package (>=5.0.0 <7) to transpile the examples, and it is not installed: npm install --save-dev typescript@~6.0',
    )
    expect(missing.code).toBe(2)
    await link('typescript')
    const passing = await node([bin, 'doctests', 'doc.md'])
    expect(passing.stdout).toContain('Total: 1 file, 1 example, 0 failed')
    expect(passing.code).toBe(0)
  })
})
