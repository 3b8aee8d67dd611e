/**
 * The exit codes every auth0plus command uses, defined once and shown in `--help`:
 *
 * - 0 `ok`: done, or nothing to do (a `--dry-run`, a search that matched nobody);
 * - 1 `failed`: something failed or was not attempted (a user the tenant refused, a network error);
 * - 2 `usage`: a bad command line or setting, found before any request;
 * - 3 `notDone`: a preview only, as asked or required: `delete`/`update` without `--yes`, or
 *   more users than `--max`. Nothing was changed, and a script must not read that as done;
 * - 130 `interrupted`: stopped by Ctrl-C (128 + SIGINT), after saying what was done.
 */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  notDone: 3,
  interrupted: 130,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

const MEANING: Record<keyof typeof EXIT, string> = {
  ok: 'done',
  failed: 'something failed or was not attempted',
  usage: 'bad flags or settings (before any request)',
  notDone: 'preview only: no --yes, or more users than --max; nothing was changed',
  interrupted: 'interrupted by Ctrl-C',
}

/**
 * The `Exit codes:` block of a command's help, listing only the codes that command can end with.
 *
 * @example
 * exitCodesHelp(['ok', 'failed', 'usage'])
 * // Exit codes:
 * //   0    done
 * //   1    something failed or was not attempted
 * //   2    bad flags or settings (before any request)
 */
export function exitCodesHelp(codes: readonly (keyof typeof EXIT)[]): string {
  return [
    'Exit codes:',
    ...codes.map((code) => `  ${String(EXIT[code]).padEnd(4)} ${MEANING[code]}`),
  ].join('\n')
}
