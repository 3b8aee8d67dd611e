import { loadTypeScript } from './load-typescript.js'
import { rewriteTopLevel } from './rewrite-top-level.js'

/** A top-level statement of an example, positioned in the markdown. */
export interface StatementInfo {
  line: number
  source: string
}

/** An example turned into a function body that runs against a shared scope. */
export interface CompiledExample {
  /**
   * JavaScript for the body of an async function run inside `with (scope)`. It calls
   * `$$doctest.at(i)` before statement `i`, `$$doctest.lock(names)` after `const` and `import`,
   * `$$doctest.import(specifier)` for every import, and returns the last expression's value.
   */
  body: string
  /** Names the example declares at top level; they live in the shared scope. */
  declared: string[]
  statements: StatementInfo[]
  /** Whether the last statement is an expression, so there is a value to check. */
  hasValue: boolean
}

/** Either a compiled example or where and why it does not compile. */
export type CompileResult =
  { ok: true; example: CompiledExample } | { ok: false; line: number; message: string }

const AT = '$$doctest.at'

/**
 * Transpiles one example and rewrites its top-level declarations into assignments, so that what
 * one example declares is seen by every later example of the file (the blocks of a file read as
 * one module). `line` is the markdown line of the source's first line.
 *
 * @example
 * await compileExample('const n: number = await f()\nn + 1', 10)
 * // body:  $$doctest.at(0); (n = await f()); $$doctest.lock(["n"]); $$doctest.at(1); return (n + 1);
 * // declared: ['n'], statements: [{ line: 10, ... }, { line: 11, ... }], hasValue: true
 */
export async function compileExample(source: string, line: number): Promise<CompileResult> {
  const ts = await loadTypeScript()
  const tsFile = ts.createSourceFile('example.ts', source, ts.ScriptTarget.ES2022, true)
  const statements = tsFile.statements.map((statement) => {
    const start = statement.getStart(tsFile)
    const at = tsFile.getLineAndCharacterOfPosition(start).line
    return { start, line: line + at, source: source.slice(start, statement.end) }
  })
  // Markers go on the statement's own line, so lines in the instrumented text stay the markdown's.
  let instrumented = source
  for (let i = statements.length - 1; i >= 0; i--) {
    const { start } = statements[i]!
    instrumented = `${instrumented.slice(0, start)};${AT}(${i});${instrumented.slice(start)}`
  }
  const output = ts.transpileModule(instrumented, {
    fileName: 'example.ts',
    reportDiagnostics: true,
    // Keeping imports as written: TypeScript would drop an import unused in its own example.
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      verbatimModuleSyntax: true,
    },
  })
  const error = output.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error)
  if (error) {
    const at = instrumented.slice(0, error.start ?? 0).split('\n').length - 1
    const message = ts.flattenDiagnosticMessageText(error.messageText, '\n')
    return { ok: false, line: line + at, message }
  }
  const last = tsFile.statements.at(-1)
  const hasValue = last !== undefined && ts.isExpressionStatement(last)
  const { body, declared } = rewriteTopLevel(ts, output.outputText, hasValue)
  return {
    ok: true,
    example: {
      body,
      declared,
      statements: statements.map(({ line, source }) => ({ line, source })),
      hasValue,
    },
  }
}
