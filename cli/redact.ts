/**
 * Redaction: a copy of a manifest with every secret value replaced by `(redacted)`, for every
 * command that shows manifest content (diff in text, JSON and markdown; dev's written files; the
 * lint findings' backstop). What counts as a secret, at any depth of any value:
 * - a Secret's `data` and `stringData`;
 * - a Component metadata value the component catalog marks sensitive (with its aliases, for the
 *   Component's type);
 * - the value of any `{name, value}` item (container env, Helm parameters, HTTPEndpoint headers,
 *   metadata of uncatalogued components) or map entry whose name means a secret (`*PASSWORD*`,
 *   `*SECRET*`, `*TOKEN*`, `*KEY`, `apiKey`, `connectionString`, …);
 * - entries of the `dapr.io/env` annotation whose name means a secret;
 * - the `kubectl.kubernetes.io/last-applied-configuration` annotation, which holds the whole object
 *   as JSON: it is shown redacted by these same rules;
 * - credentials inside any other string: `redis://:(redacted)@host`, `Password=(redacted);`.
 * Booleans and null are never secrets and stay visible (`automountServiceAccountToken: false`).
 * The copy has the same keys and list items, so a path into the manifest finds the redacted value.
 */
import { componentTypeFacts, fieldIndex } from '../checks/component-catalog';
import { credentialsIn, isCredentialName, isReferenceName, isSecretEnvName, isSecretSettingName, maskCredentials, REDACTED } from '../checks/credentials';
import { asRecord } from '../checks/manifest';

export { REDACTED };

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const DAPR_ENV = 'dapr.io/env';

/** Deeper than this a value is not shown at all (no manifest anyone wrote nests so deep). */
export const MAX_SHOWN_DEPTH = 200;
export const TOO_DEEP = '(nested too deeply to show)';

/** How the values below a point are treated. */
type Mode = 'plain' | 'secret';

const own = (record: Record<string, unknown>, key: string): unknown => (Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined);

/** Sets an own property, whatever the key (`__proto__` included), on an ordinary object. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * What the component catalog says about a metadata name of a Component type (any documented
 * version): a secret, or not (a field that is a secret only with credentials in it — a URL, a
 * connection string — is not: its credentials are masked like any other); undefined when the
 * catalog does not know the type or the name.
 */
function catalogSensitivity(type: unknown, name: string): 'secret' | 'plain' | undefined {
  if (typeof type !== 'string') return undefined;
  const facts = componentTypeFacts(type);
  if (!facts) return undefined;
  let known = false;
  for (const version of facts.versions) {
    const index = fieldIndex(version);
    const field = index.get(name);
    if (index.isKnown(name)) known = true;
    if (field?.sensitive && !field.secretIfCredentials) return 'secret';
  }
  if (known) return 'plain';
  // A misspelling of a sensitive field (`redisPasword`) holds that secret too (as the plaintext check reads it).
  for (const version of facts.versions) {
    const index = fieldIndex(version);
    const meant = index.closestField(name);
    const field = meant === undefined ? undefined : index.get(meant);
    if (field?.sensitive && !field.secretIfCredentials) return 'secret';
  }
  return undefined;
}

/** Records every original string a redaction replaced (the lint backstop scrubs them from messages). */
export type SecretSink = (value: string) => void;

class Redactor {
  constructor(private readonly sink?: SecretSink) {}

  /** A scalar under the given mode: secrets become `(redacted)`, credentials in text are masked. */
  private scalar(value: unknown, mode: Mode): unknown {
    if (value === null || typeof value === 'boolean' || value === undefined) return value;
    if (mode === 'secret') {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
        this.sink?.(String(value));
        return REDACTED;
      }
      return value;
    }
    if (typeof value === 'string') {
      const masked = maskCredentials(value);
      if (masked !== value && this.sink) {
        this.sink(value);
        for (const credential of credentialsIn(value)) this.sink(credential);
      }
      return masked;
    }
    return value;
  }

  /** The value with secrets redacted at every depth; `mode` is what the context already decided. */
  value(value: unknown, mode: Mode, depth: number, ctx: { componentType?: unknown; configMap?: boolean } = {}): unknown {
    if (depth > MAX_SHOWN_DEPTH) return TOO_DEEP;
    if (Array.isArray(value)) return value.map((item) => this.listItem(item, mode, depth + 1, ctx));
    const record = asRecord(value);
    if (!record) return this.scalar(value, mode);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(record)) {
      const child = record[key];
      let childMode: Mode = mode;
      if (mode === 'plain' && (isSecretSettingName(key) || (ctx.configMap === true && isSecretEnvName(key)))) childMode = 'secret';
      setOwn(out, key, this.value(child, childMode, depth + 1));
    }
    return out;
  }

  /**
   * A list item. In a `{name, value}` item (env, Helm parameters, headers, Component metadata) the
   * `value` is a secret when the catalog says so for the Component's type or, when the catalog
   * does not know the name, when the name says so.
   */
  private listItem(item: unknown, mode: Mode, depth: number, ctx: { componentType?: unknown }): unknown {
    const record = asRecord(item);
    const name = record ? own(record, 'name') : undefined;
    if (mode === 'secret' || !record || typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(record, 'value')) return this.value(item, mode, depth, {});
    if (depth > MAX_SHOWN_DEPTH) return TOO_DEEP;
    const sensitivity = ctx.componentType !== undefined ? catalogSensitivity(ctx.componentType, name) : undefined;
    const secretByName = sensitivity === undefined && !isReferenceName(name) && (isSecretSettingName(name) || isSecretEnvName(name) || isCredentialName(name));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(record)) {
      const child = record[key];
      if (key === 'name') setOwn(out, key, child);
      else if (key === 'value') setOwn(out, key, this.value(child, sensitivity === 'secret' || secretByName ? 'secret' : 'plain', depth + 1));
      else setOwn(out, key, this.value(child, isSecretSettingName(key) ? 'secret' : 'plain', depth + 1));
    }
    return out;
  }

  /** `dapr.io/env`: `KEY=value,…` with the values of secret-named keys, entries without `=`, and credentials anywhere redacted. */
  daprEnv(value: string): string {
    return value
      .split(',')
      .map((entry) => {
        const at = entry.indexOf('=');
        // No "=": not a setting, but possibly the rest of a secret that holds a comma (`DB_PASSWORD=a,b`).
        if (at < 0) {
          if (entry.trim() !== '') this.sink?.(entry);
          return entry.trim() === '' ? entry : REDACTED;
        }
        const key = entry.slice(0, at).trim();
        if (isSecretEnvName(key) || isSecretSettingName(key)) {
          this.sink?.(entry.slice(at + 1));
          return `${entry.slice(0, at)}=${REDACTED}`;
        }
        return this.scalar(entry, 'plain') as string;
      })
      .join(',');
  }

  /** Annotations: the last-applied configuration redacted as a manifest, `dapr.io/env` entry by entry. */
  annotations(value: unknown, depth: number): unknown {
    const record = asRecord(value);
    if (!record) return this.value(value, 'plain', depth);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(record)) {
      const v = record[key];
      if (key === LAST_APPLIED && typeof v === 'string') setOwn(out, key, this.lastApplied(v, depth));
      else if (key === DAPR_ENV && typeof v === 'string') setOwn(out, key, this.daprEnv(v));
      // Dapr's own annotations name secrets (`dapr.io/env-from-secret`, `dapr.io/api-token-secret`), never hold one.
      else setOwn(out, key, this.value(v, isSecretSettingName(key) && !key.startsWith('dapr.io/') ? 'secret' : 'plain', depth + 1));
    }
    return out;
  }

  private lastApplied(text: string, depth: number): string {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.sink?.(text);
      return REDACTED;
    }
    if (asRecord(parsed) === undefined || depth > 8) {
      this.sink?.(text);
      return REDACTED;
    }
    return JSON.stringify(this.manifest(parsed, depth + 1));
  }

  /** A metadata map (top level or a pod template's): its annotations read as annotations. */
  private metadata(value: unknown, depth: number): unknown {
    const record = asRecord(value);
    if (!record) return this.value(value, 'plain', depth);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(record)) setOwn(out, key, key === 'annotations' ? this.annotations(record[key], depth + 1) : this.value(record[key], 'plain', depth + 1));
    return out;
  }

  /** A whole manifest (or anything read where one is expected). */
  manifest(value: unknown, depth: number = 0): unknown {
    const m = asRecord(value);
    if (!m) return this.value(value, 'plain', depth);
    const kind = own(m, 'kind');
    const apiVersion = own(m, 'apiVersion');
    const isComponent = kind === 'Component' && typeof apiVersion === 'string' && apiVersion.startsWith('dapr.io/');
    // For a Component, its type (the empty string when it has none): the catalog judges its metadata.
    const componentType = isComponent ? (own(asRecord(own(m, 'spec')) ?? {}, 'type') ?? '') : undefined;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(m)) {
      const child = m[key];
      if (key === 'metadata') setOwn(out, key, this.metadata(child, depth + 1));
      else if (kind === 'Secret' && (key === 'data' || key === 'stringData')) setOwn(out, key, this.value(child, 'secret', depth + 1));
      else if (kind === 'ConfigMap' && (key === 'data' || key === 'binaryData')) setOwn(out, key, this.value(child, 'plain', depth + 1, { configMap: true }));
      else if (key === 'spec') setOwn(out, key, this.spec(child, depth + 1, componentType));
      else setOwn(out, key, this.value(child, isSecretSettingName(key) ? 'secret' : 'plain', depth + 1));
    }
    return out;
  }

  /** `spec`: Component metadata items judged with the catalog; pod templates' annotations read as annotations. */
  private spec(value: unknown, depth: number, componentType: unknown): unknown {
    const spec = asRecord(value);
    if (!spec) return this.value(value, 'plain', depth);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(spec)) {
      const child = spec[key];
      if (key === 'metadata' && componentType !== undefined && Array.isArray(child)) {
        setOwn(out, key, child.map((item) => this.listItem(item, 'plain', depth + 2, { componentType })));
      } else setOwn(out, key, this.podAware(child, depth + 1, isSecretSettingName(key) ? 'secret' : 'plain'));
    }
    return out;
  }

  /** Values that may hold a pod template (`template`, `jobTemplate`): its metadata annotations read as annotations. */
  private podAware(value: unknown, depth: number, mode: Mode): unknown {
    if (mode === 'secret') return this.value(value, mode, depth);
    const record = asRecord(value);
    if (!record) return this.value(value, mode, depth);
    if (depth > MAX_SHOWN_DEPTH) return TOO_DEEP;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(record)) {
      const child = record[key];
      if (key === 'metadata') setOwn(out, key, this.metadata(child, depth + 1));
      else if (key === 'template' || key === 'jobTemplate' || key === 'spec') setOwn(out, key, this.podAware(child, depth + 1, 'plain'));
      else setOwn(out, key, this.value(child, isSecretSettingName(key) ? 'secret' : 'plain', depth + 1));
    }
    return out;
  }
}

/** A copy of the manifest with every secret value redacted (see the module comment). */
export function redactManifest<T>(manifest: T): T {
  return new Redactor().manifest(manifest) as T;
}

/** Every secret value in the manifest (what redaction replaces), for scrubbing free text. */
export function secretValuesOf(manifest: unknown): string[] {
  const found: string[] = [];
  new Redactor((v) => found.push(v)).manifest(manifest);
  return found;
}

/**
 * Free text (a finding's message) with every occurrence of the given secret values replaced by
 * `(redacted)`: a check that echoed a value by mistake still prints no secret. Values shorter
 * than 4 characters are left (replacing every "ab" would wreck the text and tell what the secret
 * is). Only known values are replaced: masking by pattern would hide daprkit's own examples
 * (`DB_PASSWORD=db-secret:password`).
 */
export function scrub(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}
