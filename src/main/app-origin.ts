/** Which URLs are the app's own page: exactly the app's origin (scheme, host and port), nothing that merely starts like it. */

/** The origin of `url` as `scheme://host[:port]`, or null for a URL that has none (file:, data:, about:, unparsable). */
export function originOf(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  // Node gives custom schemes an opaque origin ("null") and keeps their host's case, so the origin is spelled
  // out here as Chromium sees a standard scheme's; for http(s) this is URL.origin (the parser drops default ports).
  if (parsed.host === '') return null
  return `${parsed.protocol}//${parsed.host.toLowerCase()}`
}

/** A check that is true for URLs of exactly `appUrl`'s origin: the page the app loads, and its assets. */
export function sameOriginAs(appUrl: string): (url: string) => boolean {
  const appOrigin = originOf(appUrl)
  if (appOrigin === null) throw new Error(`${appUrl} has no origin to compare with`)
  return (url) => originOf(url) === appOrigin
}
