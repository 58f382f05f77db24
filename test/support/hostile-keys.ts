/**
 * A realistic Dapr system as YAML with a placeholder (`§name§`) in every position where a key or a
 * name comes from the input: object names and namespaces, app-ids, label and annotation keys,
 * Component and metadata names, secret names and keys, scopes, policy names (map keys), Helm value
 * keys and Argo CD parameter paths, topics, routes, handler and feature names, ConfigMap keys, URL
 * schemes.
 * Filling them with names that are also properties of every JavaScript object (`__proto__`,
 * `constructor`, …) must change nothing but the names in the findings.
 */

/** Names every ordinary object answers to. */
export const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'] as const;

/**
 * A name of the same shape that no object answers to: every lowercase letter becomes `q`, every
 * uppercase `Q`, the rest stays (so DNS-name validity and length are the same).
 */
export function sameShapeName(name: string): string {
  return name.replace(/[a-z]/g, 'q').replace(/[A-Z]/g, 'Q');
}

/** Every placeholder with the name it has in the realistic system. */
export const PLACEHOLDER_DEFAULTS: Readonly<Record<string, string>> = {
  argo: 'dapr-argo', vkey: 'dapr_operator', vkey2: 'logLevel', gkey: 'logAsJson', tkey: 'dapr_sentry', tkey2: 'replicaCount', pkey: 'dapr_placement', pkey2: 'ha', pkey3: 'dapr_scheduler',
  flux: 'dapr-flux', fkey: 'dapr_sidecar_injector', fkey2: 'replicaCount',
  app: 'orders', ns: 'shop', lkey: 'tier', lval: 'backend', config: 'appconfig', akey: 'log-level', akey2: 'example.com/owner', callee: 'cart', op: 'items', ignore: 'component-unscoped',
  container: 'orders', port: 'http', env: 'LOG_FORMAT', secret: 'redis', skey: 'password',
  comp: 'statestore', field: 'keyPrefix', store: 'kubernetes', scope: 'cart', ctype: 'redis',
  handler: 'ratelimit', mw: 'ratelimit', feature: 'HotReload',
  tname: 'fast', rname: 'retryThree', cbname: 'simpleCB', actor: 'Counter',
  sub: 'orders-sub', pubsub: 'pubsub', topic: 'orders', etype: 'created', route: 'orders', mkey: 'rawPayload',
  endpoint: 'payments', header: 'Authorization', dkey: 'settings.json', scheme: 'https',
};

/** The system; `§name§` are placeholders (see PLACEHOLDER_DEFAULTS). */
export const HOSTILE_KEYS_SYSTEM = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: §argo§, namespace: argocd}
spec:
  project: default
  destination: {server: "https://kubernetes.default.svc", namespace: dapr-system}
  source:
    repoURL: "https://dapr.github.io/helm-charts/"
    chart: dapr
    targetRevision: 1.18.3
    helm:
      valuesObject:
        §vkey§: {§vkey2§: debug}
        global: {§gkey§: true, mtls: {enabled: true}}
      values: |
        §tkey§:
          §tkey2§: 1
      parameters:
      - {name: §pkey§.polluted, value: "yes"}
      - {name: global.§pkey2§.enabled, value: "true"}
      - {name: §pkey3§, value: "1"}
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: §flux§, namespace: dapr-system}
spec:
  interval: 1h
  chart: {spec: {chart: dapr, version: 1.18.3, sourceRef: {kind: HelmRepository, name: dapr}}}
  values:
    §fkey§: {§fkey2§: 1}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: §app§, namespace: §ns§, labels: {§lkey§: §lval§}}
spec:
  selector: {matchLabels: {app: §app§}}
  template:
    metadata:
      labels: {app: §app§, §lkey§: §lval§}
      annotations:
        dapr.io/enabled: "true"
        dapr.io/app-id: §app§
        dapr.io/app-port: "8080"
        dapr.io/config: §config§
        dapr.io/§akey§: "info"
        §akey2§: "team-a"
        daprkit.io/invokes: '[{"appId": "§callee§", "operations": [{"path": "/§op§", "verbs": ["GET"]}]}]'
        daprkit.io/ignore: §ignore§
    spec:
      containers:
      - name: §container§
        image: "registry.example.com/orders:1.0.0"
        ports: [{containerPort: 8080, name: §port§}]
        env:
        - {name: §env§, value: json}
        - {name: REDIS_PASSWORD, valueFrom: {secretKeyRef: {name: §secret§, key: §skey§}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: §callee§, namespace: §ns§}
spec:
  selector: {matchLabels: {app: §callee§}}
  template:
    metadata:
      labels: {app: §callee§}
      annotations: {dapr.io/enabled: "true", dapr.io/app-id: §callee§, dapr.io/app-port: "3000"}
    spec:
      containers: [{name: cart, image: "registry.example.com/cart:1.0.0", ports: [{containerPort: 3000}]}]
---
apiVersion: v1
kind: Service
metadata: {name: §app§, namespace: §ns§}
spec:
  selector: {app: §app§}
  ports: [{name: §port§, port: 80, targetPort: §port§}]
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: §comp§, namespace: §ns§, annotations: {daprkit.io/plaintext-ok: §field§}}
auth: {secretStore: §store§}
spec:
  type: state.§ctype§
  version: v1
  metadata:
  - {name: redisHost, value: "redis:6379"}
  - {name: §field§, value: orders}
  - {name: redisPassword, secretKeyRef: {name: §secret§, key: §skey§}}
scopes: [§app§, §scope§]
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: §store§, namespace: §ns§}
spec: {type: secretstores.kubernetes, version: v1, metadata: []}
scopes: [§app§]
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: §pubsub§, namespace: §ns§}
spec:
  type: pubsub.redis
  version: v1
  metadata: [{name: redisHost, value: "redis:6379"}, {name: redisPassword, secretKeyRef: {name: §secret§, key: §skey§}}]
scopes: [§app§]
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: §handler§, namespace: §ns§}
spec: {type: middleware.http.§mw§, version: v1, metadata: [{name: maxRequestsPerSecond, value: "10"}]}
scopes: [§app§]
---
apiVersion: dapr.io/v1alpha1
kind: Configuration
metadata: {name: §config§, namespace: §ns§}
spec:
  accessControl:
    defaultAction: deny
    trustDomain: public
    policies: [{appId: §app§, defaultAction: deny, namespace: §ns§, operations: [{name: "/§op§", httpVerb: [GET], action: allow}]}]
  httpPipeline: {handlers: [{name: §handler§, type: middleware.http.§mw§}]}
  features: [{name: §feature§, enabled: true}]
  secrets: {scopes: [{storeName: §store§, defaultAccess: deny, allowedSecrets: [§secret§]}]}
---
apiVersion: dapr.io/v1alpha1
kind: Resiliency
metadata: {name: resiliency, namespace: §ns§}
spec:
  policies:
    timeouts: {§tname§: 5s}
    retries: {§rname§: {policy: constant, duration: 1s, maxRetries: 3}}
    circuitBreakers: {§cbname§: {maxRequests: 1, timeout: 30s, trip: consecutiveFailures > 5}}
  targets:
    apps: {§callee§: {timeout: §tname§, retry: §rname§, circuitBreaker: §cbname§}}
    components: {§comp§: {outbound: {retry: §rname§}}}
    actors: {§actor§: {timeout: §tname§}}
scopes: [§app§]
---
apiVersion: dapr.io/v2alpha1
kind: Subscription
metadata: {name: §sub§, namespace: §ns§}
spec:
  pubsubname: §pubsub§
  topic: §topic§
  metadata: {§mkey§: "true"}
  routes:
    rules: [{match: 'event.type == "§etype§"', path: "/§route§"}]
    default: "/§route§"
scopes: [§app§]
---
apiVersion: dapr.io/v1alpha1
kind: HTTPEndpoint
metadata: {name: §endpoint§, namespace: §ns§}
auth: {secretStore: §store§}
spec:
  baseUrl: "§scheme§://payments.example.com"
  headers: [{name: §header§, secretKeyRef: {name: §secret§, key: §skey§}}]
scopes: [§app§]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress, namespace: §ns§}
spec:
  podSelector: {matchLabels: {§lkey§: §lval§}}
  policyTypes: [Egress]
  egress: [{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: §ns§}}}]}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: §ns§, labels: {§lkey§: §lval§}}
data: {§dkey§: "{}"}
`;

/** The system with the placeholders in `chosen` set to `name` and every other one at its default. */
export function hostileKeysSystem(name: string, chosen: ReadonlySet<string> | 'all'): string {
  return HOSTILE_KEYS_SYSTEM.replace(/§(\w+)§/g, (_, placeholder: string) => (chosen === 'all' || chosen.has(placeholder) ? name : PLACEHOLDER_DEFAULTS[placeholder]));
}
