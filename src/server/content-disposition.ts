/**
 * The `Content-Disposition` of a download (RFC 6266): the name in UTF-8 as `filename*` (RFC 5987), which
 * browsers prefer, and an ASCII `filename` for those that do not read it, so that "Actualités.jsonl" is saved
 * as "Actualités.jsonl" rather than "Actualit_s.jsonl". Any name makes a valid header.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** `name` in ASCII for the quoted `filename`: accents dropped, anything else unprintable, `"`, `\` or `%` as `_`. */
function asciiFallback(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]|["\\%]/gu, '_')
}

/** `name` as RFC 5987's `ext-value` in UTF-8: every byte that is not an `attr-char` percent-encoded. */
function extValue(name: string): string {
  const encoded = encodeURIComponent(name.replace(LONE_SURROGATE, '\uFFFD'))
  return `UTF-8''${encoded.replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`
}

/** `attachment`, to be saved under `name`: `attachment; filename="ASCII"; filename*=UTF-8''…`. */
export function attachment(name: string): string {
  return `attachment; filename="${asciiFallback(name)}"; filename*=${extValue(name)}`
}
