/** HTTPEndpoints as `HttpEndpoint`: base URL, headers (secret references as SecretValue), client TLS, scopes. */
import { isDnsSubdomain } from '../checks/formats';
import { MapContext } from './context';
import { construct, daprkit, Entry, entry, enumMember, Expr, json, object, props, ref, scope, staticCall, Statement } from './ir';
import { asRecord, own, typedObjectUnit } from './metadata';
import { InputObject, Phase, Unit } from './model';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const isString = (v: unknown): v is string => typeof v === 'string';

/** A `{value | secretKeyRef | envRef}` as a string or SecretValue; `pem` asks for a PEM block or a secret. */
function valueOf(v: unknown, allowEnv: boolean, pem: boolean): Expr | undefined {
  const r = asRecord(v);
  if (!r || Object.keys(r).length !== 1) return undefined;
  if (isString(r.value)) return pem && !r.value.includes('-----BEGIN ') ? undefined : json(r.value);
  const secret = asRecord(r.secretKeyRef);
  if (secret && isString(secret.name) && isString(secret.key) && secret.name.trim() !== '' && secret.key.trim() !== '' && Object.keys(secret).length === 2) {
    return staticCall('SecretValue', 'fromSecret', json(secret.name), json(secret.key));
  }
  if (allowEnv && isString(r.envRef) && r.envRef.trim() !== '') return staticCall('SecretValue', 'fromEnv', json(r.envRef));
  return undefined;
}

const RENEGOTIATION: Readonly<Record<string, string>> = { Never: 'NEVER', OnceAsClient: 'ONCE_AS_CLIENT', FreelyAsClient: 'FREELY_AS_CLIENT' };

function clientTls(v: unknown): Expr | undefined {
  const t = asRecord(v);
  if (!t || !Object.keys(t).every((k) => ['rootCA', 'certificate', 'privateKey', 'renegotiation'].includes(k))) return undefined;
  const out: Entry[] = [];
  if (t.rootCA !== undefined) {
    const root = valueOf(t.rootCA, false, true);
    if (!root) return undefined;
    out.push(entry('rootCa', root));
  }
  if ((t.certificate === undefined) !== (t.privateKey === undefined)) return undefined;
  if (t.certificate !== undefined) {
    const certificate = valueOf(t.certificate, false, true);
    const key = valueOf(t.privateKey, false, false);
    // The private key must be a secret reference.
    if (!certificate || !key || key.kind !== 'call') return undefined;
    out.push(entry('certificate', certificate), entry('privateKey', key));
  }
  if (t.renegotiation !== undefined) {
    const renegotiation = isString(t.renegotiation) ? own(RENEGOTIATION, t.renegotiation) : undefined;
    if (!renegotiation) return undefined;
    out.push(entry('renegotiation', enumMember('TlsRenegotiation', renegotiation)));
  }
  return out.length > 0 ? object(out) : undefined;
}

export function mapHttpEndpoint(object_: InputObject, ctx: MapContext): Unit | string {
  const m = object_.manifest;
  if (m.apiVersion !== 'dapr.io/v1alpha1') return `daprkit writes HTTPEndpoints as dapr.io/v1alpha1, not ${String(m.apiVersion)}`;
  const name = asRecord(m.metadata)?.name;
  if (!isString(name) || !isDnsSubdomain(name)) return 'its name is not a DNS subdomain';
  const spec = asRecord(m.spec);
  if (!spec || !isString(spec.baseUrl)) return 'it has no baseUrl';
  let url: URL | undefined;
  try {
    url = new URL(spec.baseUrl);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.hostname === '') return 'its baseUrl is not an absolute http(s) URL';
  const headers: Entry[] = [];
  if (spec.headers !== undefined) {
    if (!Array.isArray(spec.headers)) return 'its headers are not a list';
    for (const raw of spec.headers) {
      const h = asRecord(raw);
      if (!h || !isString(h.name) || !HEADER_NAME.test(h.name) || headers.some((e) => e.key === h.name)) return 'a header without a valid, unique name';
      const { name: _name, ...rest } = h;
      void _name;
      const value = valueOf(rest, true, false);
      if (!value) return `header "${h.name}" has a value daprkit cannot write`;
      headers.push(entry(h.name, value));
    }
  }
  const tls = spec.clientTLS === undefined ? undefined : clientTls(spec.clientTLS);
  const scopes = m.scopes === undefined ? [] : Array.isArray(m.scopes) && m.scopes.every(isString) ? (m.scopes as string[]) : undefined;
  if (!scopes) return 'its scopes are not app-ids';
  const store = asRecord(m.auth)?.secretStore;
  const storeExpr = store === 'kubernetes' ? json('kubernetes') : isString(store) && ctx.chart.components.get(store)?.specType.startsWith('secretstores.') ? ref(ctx.chart.components.get(store)!.variable) : undefined;
  const unit = object_.index;
  const variable = ctx.chart.variables.take(name, 'endpoint');
  const id = ctx.chart.ids.take(name, 'HTTPEndpoint');
  const statements: Statement[] = [
    {
      declares: variable,
      expr: construct(daprkit('HttpEndpoint'), scope, json(id), props([
        id !== name ? entry('name', json(name)) : undefined,
        entry('baseUrl', json(spec.baseUrl)),
        headers.length > 0 ? entry('headers', object(headers)) : undefined,
        tls ? entry('clientTls', tls) : undefined,
        storeExpr ? entry('secretStore', storeExpr) : undefined,
        // Endpoints are declared before the apps, so their scopes are app-ids.
        scopes.length > 0 ? entry('scopes', json(scopes)) : undefined,
      ])),
      unit,
    },
  ];
  return typedObjectUnit(object_, ref(variable), {
    as: 'HttpEndpoint',
    variable,
    statements,
    phase: Phase.ENDPOINT,
  });
}
