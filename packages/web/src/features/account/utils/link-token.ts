/**
 * The secret a mailed link carries after `#` (`#token=…`, or `#verify=…` for verification).
 * The fragment never reaches the server's logs, nor other sites through the Referer header.
 */
export function linkTokenOf(hash: string, key: 'token' | 'verify' = 'token'): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get(key) ?? '';
}
