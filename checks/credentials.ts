/**
 * Credentials inside values, and names that mean a secret: one definition shared by the checks
 * (is this plaintext value a secret?) and by every command's output (what must never be printed).
 * The scanners are linear in the text (no backtracking regular expression over input), since
 * values come from untrusted manifests and may be megabytes long.
 */

/** What stands in for a value that is never printed. */
export const REDACTED = '(redacted)';

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
const isSchemeChar = (c: string) => /[A-Za-z0-9+.-]/.test(c);
const isKeyChar = (c: string) => /[A-Za-z0-9_.-]/.test(c);

/** A span of the text holding a credential: `[start, end)`. */
interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Passwords in URLs: `scheme://user:password@host` (also inside `jdbc:postgresql://…`). The span
 * runs from after `user:` to the last `@` of the URL, so a password with an unencoded `@` or `/`
 * is covered whole.
 */
function urlPasswords(text: string): Span[] {
  const spans: Span[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf('://', from);
    if (at < 0) return spans;
    from = at + 3;
    if (at === 0 || !isSchemeChar(text[at - 1])) continue;
    // userinfo: up to the first "/", "@" or space; it carries a password when it holds ":" and ends at "@".
    let colon = -1;
    let i = at + 3;
    for (; i < text.length && text[i] !== '/' && text[i] !== '@' && !isSpace(text[i]); i++) if (text[i] === ':' && colon < 0) colon = i;
    if (i >= text.length || text[i] !== '@' || colon < 0) continue;
    let tokenEnd = i;
    while (tokenEnd < text.length && !isSpace(text[tokenEnd]) && text[tokenEnd] !== '"' && text[tokenEnd] !== "'") tokenEnd++;
    const lastAt = text.lastIndexOf('@', tokenEnd - 1);
    spans.push({ start: colon + 1, end: lastAt });
    from = lastAt + 1;
  }
}

/** A `key=value` or `key: value` setting inside a text. */
interface Setting {
  readonly key: string;
  /** The character before the key: start of text (''), a separator, or another character. */
  readonly before: string;
  readonly separator: '=' | ':';
  readonly value: Span;
}

/** Words that mark a setting's key as a credential, wherever they appear in the key. */
const CREDENTIAL_WORD = /passw(?:or)?d|secret|token|api[-_]?key|access[-_]?key|account[-_]?key|private[-_]?key|credential|sharedaccesssignature|sharedaccesskey/gi;

/**
 * The settings around every credential word (and every `pwd=` / `pass=` / `sig=`), in order,
 * non-overlapping. Each character is looked at a bounded number of times.
 */
function credentialSettings(text: string): Setting[] {
  const settings: Setting[] = [];
  let done = 0; // text before this index is consumed
  let scanned = 0; // key runs up to here were looked at (a long run of key characters is scanned once)
  const candidates: number[] = [];
  CREDENTIAL_WORD.lastIndex = 0;
  for (let m = CREDENTIAL_WORD.exec(text); m; m = CREDENTIAL_WORD.exec(text)) candidates.push(m.index + m[0].length);
  // Short keys: found by their separator, so only `…pwd=` and similar are looked at.
  for (const short of text.matchAll(/(?<![A-Za-z0-9_.-])(?:pwd|pass|sig)(?=["']?\s{0,64}[=:])/gi)) candidates.push(short.index! + short[0].length);
  candidates.sort((a, b) => a - b);
  for (const wordEnd of candidates) {
    if (wordEnd <= done || wordEnd <= scanned) continue;
    // The key runs on after the word (`passwordFile`), then an optional quote, spaces, and the separator.
    let i = wordEnd;
    while (i < text.length && isKeyChar(text[i])) i++;
    const keyEnd = i;
    scanned = keyEnd;
    if (text[i] === '"' || text[i] === "'") i++;
    let spaces = 0;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t') && spaces < 64) {
      i++;
      spaces++;
    }
    const separator = text[i];
    if (separator !== '=' && separator !== ':') continue;
    let keyStart = wordEnd;
    while (keyStart > done && isKeyChar(text[keyStart - 1])) keyStart--;
    const key = text.slice(keyStart, keyEnd);
    i++;
    if (separator === ':' && text.startsWith('//', i)) continue; // a URL scheme, not a setting
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    const valueStart = i;
    let valueEnd: number;
    const quote = text[i];
    if (quote === '"' || quote === "'") {
      const close = text.indexOf(quote, i + 1);
      valueEnd = close < 0 ? text.length : close + 1;
    } else if (separator === '=') {
      // Connection strings, query strings, env and properties files: up to ";", "&" or the line's end.
      valueEnd = i;
      while (valueEnd < text.length && !';&\n\r'.includes(text[valueEnd])) valueEnd++;
    } else {
      // YAML or JSON-like: up to the line's end, a "," or a "}".
      valueEnd = i;
      while (valueEnd < text.length && !',}\n\r'.includes(text[valueEnd])) valueEnd++;
    }
    while (valueEnd > valueStart && isSpace(text[valueEnd - 1])) valueEnd--;
    settings.push({ key, before: keyStart === 0 ? '' : text[keyStart - 1], separator, value: { start: valueStart, end: valueEnd } });
    done = Math.max(valueEnd, keyEnd);
  }
  return settings;
}

/** Connection-string keys whose value is a credential (`Password=…`, `AccountKey=…`). */
const CONNECTION_KEYS = new Set(['password', 'pwd', 'accountkey', 'sharedaccesskey', 'sharedaccesssignature', 'secret']);

/**
 * Credentials visible in a value: `user:password@` in a URL, or a password / key part of a
 * connection string (`password=…`, `AccountKey=…`, `SharedAccessKey=…`).
 */
export function carriesCredentials(text: string): boolean {
  if (urlPasswords(text).length > 0) return true;
  return credentialSettings(text).some(
    (s) => s.separator === '=' && CONNECTION_KEYS.has(s.key.toLowerCase()) && (s.before === '' || s.before === ';' || isSpace(s.before)) && s.value.end > s.value.start,
  );
}

/**
 * The text with every credential in it replaced by `(redacted)` and the rest kept readable:
 * `redis://:(redacted)@redis:6379`, `Host=db;Password=(redacted)`, `spring.datasource.password=(redacted)`,
 * `"apiKey": "(redacted)"`, `?token=(redacted)&page=2`.
 */
export function maskCredentials(text: string): string {
  const spans = credentialSpans(text);
  if (spans.length === 0) return text;
  let out = '';
  let from = 0;
  for (const span of spans) {
    if (span.end <= from) continue;
    const start = Math.max(span.start, from);
    out += text.slice(from, start) + REDACTED;
    from = span.end;
  }
  return out + text.slice(from);
}

/** An HTTP authorization value: `Bearer <token>`, `Basic <base64>` — the credential is all after the scheme. */
const AUTHORIZATION_VALUE = /^\s*(?:bearer|basic)[ \t]+(?=\S)/i;

/** Where the credentials of a text are, in order. */
function credentialSpans(text: string): Span[] {
  const authorization = AUTHORIZATION_VALUE.exec(text);
  if (authorization) return [{ start: authorization[0].length, end: text.trimEnd().length }];
  const spans: Span[] = [...urlPasswords(text)];
  for (const s of credentialSettings(text)) {
    if (s.value.end <= s.value.start || isReferenceName(s.key)) continue;
    const quoted = text[s.value.start] === '"' || text[s.value.start] === "'";
    spans.push(quoted ? { start: s.value.start + 1, end: Math.max(s.value.start + 1, s.value.end - 1) } : s.value);
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** The credentials in a text (what `maskCredentials` hides), e.g. the password of a URL. */
export function credentialsIn(text: string): string[] {
  return credentialSpans(text).map((span) => text.slice(span.start, span.end)).filter((c) => c !== '');
}

/**
 * Names of settings (map keys, metadata items, Helm parameters) whose values are secrets. A name
 * that refers to a secret (`secretKeyRef`, `passwordSecretName`, `tokenFile`) is not one. URLs and
 * connection strings are not secrets by name: their credentials are masked wherever they appear.
 */
const SECRET_SETTING_NAME = /passw(or)?d|passwd|secret|token|api[-_]?key|access[-_]?key|account[-_]?key|private[-_]?key|master[-_]?key|client[-_]?key|signing[-_]?key|credential|sas[-_]?key|^authorization$|^pwd$/i;

/** Names that point at a secret, or configure one, rather than hold it. */
const REFERENCE_NAME = /(Ref|Refs|Name|Names|Store|Stores|Path|Paths|File|Files|Mount|Type|Id|ID|Ttl|TTL|Expiry|Expiration|Enabled|Duration|Timeout|Interval|Length|Header|Audience|Issuer|Scopes?)$|^(secrets|imagePullSecrets|secretKeyRef|secretRef|secretStore|secretStoreRef|automountServiceAccountToken|allowedSecrets|deniedSecrets|defaultAccess)$/;

/** True for names that point at a secret or configure one (`secretKeyRef`, `authType`, `tokenFile`), never hold one. */
export function isReferenceName(name: string): boolean {
  return REFERENCE_NAME.test(name);
}

/** True when a setting's name says its value is a secret (`redisPassword`, `clientSecret`, `apiKey`). */
export function isSecretSettingName(name: string): boolean {
  return SECRET_SETTING_NAME.test(name) && !isReferenceName(name);
}

/**
 * Environment variable names that mean a secret: `*PASSWORD*`, `*PASSWD*`, `*PASS`, `*SECRET*`,
 * `*TOKEN*`, `*KEY`, `*KEYS`, `*CREDENTIAL*`, `*PRIVATE_KEY*`, `*API_KEY*`. A `DATABASE_URL` or a
 * connection string is a secret only for the credentials in it, which are masked wherever they appear.
 */
const SECRET_ENV_NAME = /PASSW(OR)?D|PASS$|SECRET|TOKEN|KEYS?$|CREDENTIAL|PRIVATE_?KEY|API_?KEY|ACCESS_?KEY|^AUTHORIZATION$/i;

/** True when an environment variable's name says its value is a secret. */
export function isSecretEnvName(name: string): boolean {
  return SECRET_ENV_NAME.test(name);
}

/** Words that make a header or environment variable name a credential (`X-Api-Key`, `Cookie`, `dbPassword`). */
const CREDENTIAL_WORDS = new Set(['authorization', 'auth', 'token', 'secret', 'password', 'passwd', 'pwd', 'key', 'apikey', 'credential', 'credentials', 'cookie', 'bearer']);

/** True for names like `Authorization`, `X-Api-Key`, `GITHUB_TOKEN`, `dbPassword`: a word of the name is a credential word. */
export function isCredentialName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.toLowerCase());
  return words.some((w) => CREDENTIAL_WORDS.has(w)) || /api[-_]?key/i.test(name);
}
