/**
 * HttpEndpoint: an external HTTP service apps call through Dapr service invocation
 * (`dapr.io/v1alpha1 HTTPEndpoint`), with secret-backed headers and client TLS.
 */
import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { DEFAULT_NAMESPACE } from '../checks/manifest';
import { resourceName, SecretStoreRef, secretStoreName } from './dapr-resource';
import { reportProblem } from './errors';
import { IDaprApp } from './refs';
import { ScopeSet } from './scope-set';
import { SecretValue, ValueSource } from './secret-value';

/** How the client answers a server's TLS renegotiation request. */
export enum TlsRenegotiation {
  NEVER = 'Never',
  ONCE_AS_CLIENT = 'OnceAsClient',
  FREELY_AS_CLIENT = 'FreelyAsClient',
}

/** Client TLS towards the endpoint: trusted CA, and a client certificate for mutual TLS. */
export interface HttpEndpointClientTls {
  /**
   * PEM of the CA that signed the server's certificate.
   * @default - the system's trusted CAs
   */
  readonly rootCa?: string | SecretValue;
  /**
   * PEM client certificate for mutual TLS (with `privateKey`).
   * @default - no client certificate
   */
  readonly certificate?: string | SecretValue;
  /**
   * The client certificate's private key; only `SecretValue.fromSecret`.
   * @default - no client certificate
   */
  readonly privateKey?: SecretValue;
  /** @default TlsRenegotiation.NEVER */
  readonly renegotiation?: TlsRenegotiation;
}

export interface HttpEndpointProps {
  /** Base URL of the service, `http://` or `https://`. */
  readonly baseUrl: string;
  /**
   * Headers sent with every call: name → plain value or SecretValue.
   * @default - none
   */
  readonly headers?: Readonly<Record<string, string | SecretValue>>;
  /**
   * @default - no client TLS settings
   */
  readonly clientTls?: HttpEndpointClientTls;
  /**
   * The secret store resolving the `fromSecret` values (`auth.secretStore`).
   * @default - the built-in Kubernetes secret store
   */
  readonly secretStore?: SecretStoreRef;
  /**
   * The apps allowed to call the endpoint; more with `addScope`.
   * @default - every app in the namespace
   */
  readonly scopes?: ReadonlyArray<IDaprApp | string>;
  /** @default - the chart's namespace, else `default` */
  readonly namespace?: string;
  /**
   * `metadata.name`: the name apps invoke (`/v1.0/invoke/<name>/method/...`).
   * @default - the construct id
   */
  readonly name?: string;
}

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export class HttpEndpoint extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly baseUrl: string;
  /** Escape hatch: the underlying cdk8s object. */
  public readonly apiObject: ApiObject;

  private readonly scopeSet: ScopeSet;

  constructor(scope: Construct, id: string, props: HttpEndpointProps) {
    super(scope, id);
    this.name = resourceName(this, props.name);
    this.namespace = props.namespace ?? Chart.of(this).namespace ?? DEFAULT_NAMESPACE;
    this.baseUrl = this.validateBaseUrl(props.baseUrl);
    const secretStore = secretStoreName(this, props.secretStore, this.namespace);
    this.scopeSet = new ScopeSet(this, this.namespace);
    for (const app of props.scopes ?? []) this.addScope(app);

    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'HTTPEndpoint',
      metadata: { name: this.name, namespace: props.namespace },
      ...(secretStore !== undefined ? { auth: { secretStore } } : {}),
      scopes: Lazy.any({ produce: () => this.scopeSet.render() }),
      spec: {
        baseUrl: this.baseUrl,
        headers: this.renderHeaders(props.headers),
        clientTLS: props.clientTls && this.renderClientTls(props.clientTls),
      },
    });
  }

  /** The app-ids allowed to call the endpoint, sorted; empty when unscoped. */
  public get scopes(): string[] {
    return this.scopeSet.appIds;
  }

  public addScope(app: IDaprApp | string): void {
    this.scopeSet.add(app);
  }

  private validateBaseUrl(baseUrl: string): string {
    let url: URL | undefined;
    try {
      url = new URL(baseUrl);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
      // Kept as given: there is no sane stand-in for the address, and the problem fails the synth anyway.
      reportProblem(this, 'baseUrl', baseUrl, 'an absolute http:// or https:// URL', 'write the full URL, e.g. "https://api.example.com".');
    }
    return baseUrl;
  }

  private renderHeaders(headers: Readonly<Record<string, string | SecretValue>> | undefined): object[] | undefined {
    if (!headers || Object.keys(headers).length === 0) return undefined;
    // A bad header name is reported at synth and the header left out (the list too, if none is left).
    const rendered = Object.keys(headers)
      .sort()
      .flatMap((name) => {
        if (!HEADER_NAME.test(name)) {
          reportProblem(this, `headers["${name}"]`, name, 'an HTTP header name', 'use letters, digits and "-", e.g. "X-Api-Key".');
          return [];
        }
        const value = headers[name];
        return [{ name, ...(value instanceof SecretValue ? value._render() : { value }) }];
      });
    return rendered.length > 0 ? rendered : undefined;
  }

  /** Client TLS; a mistake is reported at synth and the client certificate (or bad CA) left out. */
  private renderClientTls(tls: HttpEndpointClientTls): object | undefined {
    let clientCert = tls.certificate !== undefined && tls.privateKey !== undefined;
    if ((tls.certificate === undefined) !== (tls.privateKey === undefined)) {
      reportProblem(this, 'clientTls', tls.certificate === undefined ? 'privateKey only' : 'certificate only', 'certificate and privateKey together', 'set both for mutual TLS, or neither.');
    }
    if (tls.privateKey !== undefined && tls.privateKey.secretKeyRef === undefined) {
      reportProblem(this, 'clientTls.privateKey', '<non-secret value>', 'SecretValue.fromSecret(name, key)', 'keep the private key in a secret store and reference it.');
      clientCert = false;
    }
    const certificate = clientCert ? this.renderPem('clientTls.certificate', tls.certificate) : undefined;
    const rendered = {
      rootCA: this.renderPem('clientTls.rootCa', tls.rootCa),
      // A certificate without its key (or a key without its certificate) is of no use: both go.
      certificate,
      privateKey: certificate ? tls.privateKey?._render() : undefined,
      renegotiation: tls.renegotiation,
    };
    return Object.values(rendered).some((v) => v !== undefined) ? rendered : undefined;
  }

  /** A certificate: inline PEM or a secret reference (the CRD has no env reference here); anything else is reported and left out. */
  private renderPem(prop: string, value: string | SecretValue | undefined): ValueSource | undefined {
    if (value === undefined) return undefined;
    if (value instanceof SecretValue) {
      const rendered = value._render();
      if (rendered.envRef !== undefined) {
        reportProblem(this, prop, `envRef ${rendered.envRef}`, 'inline PEM or SecretValue.fromSecret', 'the HTTPEndpoint CRD cannot read certificates from environment variables.');
        return undefined;
      }
      return rendered;
    }
    if (!value.includes('-----BEGIN ')) {
      reportProblem(this, prop, `${value.slice(0, 20)}…`, 'a PEM block ("-----BEGIN CERTIFICATE-----")', 'pass the PEM text, or SecretValue.fromSecret(name, key).');
      return undefined;
    }
    return { value };
  }
}
