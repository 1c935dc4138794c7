/**
 * The `htu` comparison of a DPoP proof (RFC 9449 §4.3 point 9): the proof's `htu` and the
 * request's URL are compared ignoring any query and fragment parts, after the syntax-based and
 * scheme-based normalisation the RFC recommends (RFC 3986 §6.2.2, §6.2.3). Total: a URL that
 * cannot be read normalises to nothing and matches nothing.
 */

// Security: only characters a URI may hold (RFC 3986 §2: unreserved, reserved and "%"). The URL
// parser would silently drop tabs and newlines, turn "\" into "/" and percent-encode spaces; a
// value needing any of that is not a URI, so it is refused rather than repaired.
const URI_CHARACTERS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/
// Every "%" starts a percent-encoded octet (RFC 3986 §2.1).
const STRAY_PERCENT = /%(?![0-9A-Fa-f]{2})/
const UNRESERVED = /^[A-Za-z0-9\-._~]$/

/**
 * The comparable form of an http(s) URL without its query and fragment, or undefined when it is
 * not one. Normalised as RFC 3986 §6.2.2 and §6.2.3 allow: scheme and host in lower case, the
 * default port (80, 443) and dot segments removed, an empty path made "/", percent-encodings of
 * unreserved characters decoded and the others written with upper-case hex digits.
 */
export function normalizeHtu(value: string): string | undefined {
  // Security: see URI_CHARACTERS; a stray "%" would be decoded differently by different parsers.
  if (!URI_CHARACTERS.test(value) || STRAY_PERCENT.test(value)) return undefined
  // RFC 9449 §4.3 point 9: query and fragment are ignored, on both sides. A proof whose htu
  // carries a query still names the same resource (§4.2 says to leave it out; §4.3 tolerates it).
  const end = value.search(/[?#]/)
  let url: URL
  try {
    url = new URL(end === -1 ? value : value.slice(0, end))
  } catch {
    // Security: what the URL parser refuses names no resource.
    return undefined
  }
  // Security: DPoP binds HTTP requests only (RFC 9449 §4.2, the HTTP target URI of RFC 9110 §7.1).
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined
  // Security: userinfo is deprecated in http(s) URIs and its presence is an error (RFC 9110 §4.2.4).
  if (url.username !== '' || url.password !== '') return undefined
  // The URL parser lower-cases scheme and host, drops the scheme's default port, removes dot
  // segments and makes an empty path "/" (RFC 3986 §6.2.2.1, §6.2.2.3, §6.2.3); percent-encodings
  // in the path are left as written, so they are normalised here (RFC 3986 §6.2.2.1, §6.2.2.2).
  const path = url.pathname.replace(/%[0-9A-Fa-f]{2}/g, (octet) => {
    const character = String.fromCharCode(parseInt(octet.slice(1), 16))
    return UNRESERVED.test(character) ? character : octet.toUpperCase()
  })
  return `${url.protocol}//${url.host}${path}`
}

/** Whether a proof's `htu` names the request's URL (RFC 9449 §4.3 point 9). */
export function matchesHtu(htu: string, requestUrl: string): boolean {
  const claimed = normalizeHtu(htu)
  return claimed !== undefined && claimed === normalizeHtu(requestUrl)
}
