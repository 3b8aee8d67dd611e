/**
 * The library's advice in the CLI's words: flags, not API calls.
 *
 * @example
 * cliWords('use { email__exists: true }', '--where') // 'use --where email__exists=true'
 * cliWords("write the query with Q.raw('...')", '--where') // "write the query with --q '...'"
 */
export function cliWords(message: string, flag: string): string {
  return message
    .replace(/\{ ([\w.]+): (true|false) \}/g, `${flag} $1=$2`)
    .replace(/Q\.raw\('\.\.\.'\)/g, "--q '...'")
    .replace(/\bQ\.raw\(/g, '--q (')
}
