import type * as TypeScript from 'typescript'

/**
 * Rewrites transpiled JavaScript so it can run as the body of an async function inside
 * `with (scope)`: top-level `const`/`let`/`var`, `function`, `class` and `import` become assignments
 * to names the scope holds (functions hoisted to the top, as in a module), static and dynamic
 * imports go through `$$doctest.import`, and with `returnLast` the last expression is returned.
 *
 * @example
 * rewriteTopLevel(ts, "import { a } from 'm'\nconst b = a + 1\nb", true)
 * // body: { const $$module = await $$doctest.import("m"); a = $$module["a"]; }
 * //       $$doctest.lock(["a"]);
 * //       (b = a + 1);
 * //       $$doctest.lock(["b"]);
 * //       return (b);
 * // declared: ['a', 'b']
 */
export function rewriteTopLevel(
  ts: typeof TypeScript,
  js: string,
  returnLast: boolean,
): { body: string; declared: string[] } {
  const file = ts.createSourceFile('example.js', js, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS)
  const textOf = dynamicImportRewriter(ts, file)
  const hoisted: string[] = []
  const body: string[] = []
  const declared: string[] = []
  const statements = file.statements.filter((s) => !ts.isEmptyStatement(s))
  const last = statements.at(-1)
  for (const statement of statements) {
    if (returnLast && statement === last && ts.isExpressionStatement(statement)) {
      body.push(`return (${textOf(statement.expression)}\n);`)
    } else if (ts.isVariableStatement(statement)) {
      const list = statement.declarationList
      const names = list.declarations.flatMap((d) => boundNames(ts, d.name))
      declared.push(...names)
      for (const d of list.declarations) {
        if (d.initializer) body.push(`(${textOf(d.name)} = ${textOf(d.initializer)});`)
      }
      if (list.flags & ts.NodeFlags.Const) body.push(lock(names))
    } else if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) {
      // Function declarations are hoisted within their example, as in a module.
      declared.push(statement.name.text)
      hoisted.push(`${statement.name.text} = ${withoutExport(textOf(statement))};`)
    } else if (ts.isClassDeclaration(statement) && statement.name) {
      declared.push(statement.name.text)
      body.push(`${statement.name.text} = ${withoutExport(textOf(statement))};`)
    } else if (ts.isImportDeclaration(statement)) {
      const { code, names } = rewriteImport(ts, statement)
      declared.push(...names)
      body.push(code)
    } else if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier) {
      // `export {}`, which marks a file as a module: nothing to run.
    } else {
      body.push(textOf(statement))
    }
  }
  return { body: [...hoisted, ...body].join('\n'), declared }
}

/** `textOf(node)`, with every `import(...)` sent to the doctest importer. */
function dynamicImportRewriter(ts: typeof TypeScript, file: TypeScript.SourceFile) {
  const imports: number[] = []
  const visit = (node: TypeScript.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      imports.push(node.expression.getStart(file))
    }
    node.forEachChild(visit)
  }
  visit(file)
  return (node: TypeScript.Node): string => {
    const start = node.getStart(file)
    let text = ''
    let from = start
    for (const at of imports) {
      if (at < start || at >= node.end) continue
      text += `${file.text.slice(from, at)}$$doctest.import`
      from = at + 'import'.length
    }
    return text + file.text.slice(from, node.end)
  }
}

function rewriteImport(ts: typeof TypeScript, node: TypeScript.ImportDeclaration) {
  const specifier = JSON.stringify((node.moduleSpecifier as TypeScript.StringLiteral).text)
  const load = `await $$doctest.import(${specifier})`
  const clause = node.importClause
  if (!clause) return { code: `${load};`, names: [] }
  const bindings: [name: string, from: string][] = []
  if (clause.name) bindings.push([clause.name.text, '$$module.default'])
  const named = clause.namedBindings
  if (named && ts.isNamespaceImport(named)) bindings.push([named.name.text, '$$module'])
  if (named && ts.isNamedImports(named)) {
    for (const element of named.elements) {
      const imported = element.propertyName?.text ?? element.name.text
      bindings.push([element.name.text, `$$module[${JSON.stringify(imported)}]`])
    }
  }
  const names = bindings.map(([name]) => name)
  const assignments = bindings.map(([name, from]) => `${name} = ${from};`).join(' ')
  return { code: `{ const $$module = ${load}; ${assignments} }\n${lock(names)}`, names }
}

function boundNames(ts: typeof TypeScript, name: TypeScript.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text]
  return name.elements.flatMap((element) =>
    ts.isOmittedExpression(element) ? [] : boundNames(ts, element.name),
  )
}

function lock(names: string[]): string {
  return names.length > 0 ? `$$doctest.lock(${JSON.stringify(names)});` : ''
}

function withoutExport(text: string): string {
  return text.replace(/^export\s+(default\s+)?/, '')
}
