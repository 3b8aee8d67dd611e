import { spawn } from 'node:child_process'

/** Opens a URL for the person logging in; injectable so tests drive their own browser. */
export type BrowserOpener = (url: string) => void | Promise<void>

/** The OS command that hands a URL to the default browser, without going through a shell. */
function openCommand(url: string): [string, string[]] {
  if (process.platform === 'darwin') return ['open', [url]]
  // `start` is a cmd built-in whose parsing of `&` would cut the URL; rundll32 takes it whole.
  if (process.platform === 'win32') return ['rundll32', ['url.dll,FileProtocolHandler', url]]
  return ['xdg-open', [url]]
}

/**
 * Opens `url` in the default browser (`open` on macOS, `xdg-open` elsewhere, the URL protocol
 * handler on Windows). Resolves false when there is no such command or it failed, so a machine
 * without a browser falls back to the printed URL instead of failing the login.
 */
export function openInBrowser(url: string): Promise<boolean> {
  const [command, args] = openCommand(url)
  return new Promise((resolve) => {
    let child
    try {
      child = spawn(command, args, { stdio: 'ignore', detached: true })
    } catch {
      resolve(false)
      return
    }
    child.once('error', () => resolve(false))
    child.once('spawn', () => {
      child.unref()
      resolve(true)
    })
  })
}
