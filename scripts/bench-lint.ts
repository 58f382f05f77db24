/**
 * Lint speed as a ratio, in one process: `daprkit lint`'s work (bounded read + every check + schema
 * validation) over N manifests, against parsing the same YAML alone with the `yaml` package.
 * Target: ≤ 2×. Usage: ts-node -T scripts/bench-lint.ts [manifests]   (default 10,000)
 */
import { parseAllDocuments } from 'yaml';
import { readManifests } from '../checks/read-manifests';
import { runChecks } from '../checks/index';
import { LINT_CHECKS } from '../cli/lint';

export interface LintBenchResult {
  readonly manifests: number;
  readonly bytes: number;
  readonly parseMs: number;
  readonly lintMs: number;
  /** lintMs / parseMs */
  readonly ratio: number;
  readonly findings: number;
}

/** A realistic system of `n` objects: per app a Deployment, a Service, a state store, a pub/sub and a Subscription. */
export function lintCorpus(n: number): string {
  const docs: string[] = [];
  for (let i = 0; docs.length < n; i++) {
    const ns = `team-${i % 20}`;
    const app = `app-${i}`;
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  namespace: ${ns}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ${app}
  template:
    metadata:
      labels:
        app: ${app}
      annotations:
        dapr.io/enabled: "true"
        dapr.io/app-id: ${app}
        dapr.io/app-port: "8080"
        dapr.io/log-level: info
        dapr.io/sidecar-seccomp-profile-type: RuntimeDefault
    spec:
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
      containers:
      - name: ${app}
        image: registry.example.com/${app}:1.0.0
        securityContext:
          allowPrivilegeEscalation: false
          capabilities:
            drop: [ALL]
        ports:
        - containerPort: 8080
        env:
        - name: LOG_FORMAT
          value: json
`);
    docs.push(`apiVersion: v1
kind: Service
metadata:
  name: ${app}
  namespace: ${ns}
spec:
  selector:
    app: ${app}
  ports:
  - name: http
    port: 80
    targetPort: 8080
`);
    docs.push(redisComponent(`state-${i}`, 'state.redis', ns, app), redisComponent(`pubsub-${i}`, 'pubsub.redis', ns, app));
    docs.push(`apiVersion: dapr.io/v2alpha1
kind: Subscription
metadata:
  name: orders-${i}
  namespace: ${ns}
spec:
  pubsubname: pubsub-${i}
  topic: orders
  routes:
    default: /orders
scopes:
- ${app}
`);
  }
  return docs.slice(0, n).join('---\n');
}

/** A Redis-backed Component (state store or pub/sub) scoped to one app, its password from a Secret. */
function redisComponent(name: string, type: string, ns: string, app: string): string {
  return `apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  type: ${type}
  version: v1
  metadata:
  - name: redisHost
    value: redis-master:6379
  - name: redisPassword
    secretKeyRef:
      name: redis
      key: redis-password
scopes:
- ${app}
`;
}

function time(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Runs the benchmark (warm-up on a small corpus first); best of `rounds` for each side. */
export function benchLint(n = 10_000, rounds = 2): LintBenchResult {
  const text = lintCorpus(n);
  const lint = (t: string) => {
    const read = readManifests(t, 'bench.yaml');
    return runChecks(
      read.manifests.map((m) => m.manifest),
      LINT_CHECKS,
    );
  };
  const small = lintCorpus(200);
  lint(small);
  parseAllDocuments(small).forEach((d) => d.toJS());
  let parseMs = Infinity;
  let lintMs = Infinity;
  let findings = 0;
  for (let r = 0; r < rounds; r++) {
    parseMs = Math.min(parseMs, time(() => parseAllDocuments(text).forEach((d) => d.toJS())));
    lintMs = Math.min(lintMs, time(() => (findings = lint(text).length)));
  }
  return { manifests: n, bytes: text.length, parseMs, lintMs, ratio: lintMs / parseMs, findings };
}

if (require.main === module) {
  const n = Number(process.argv[2] ?? 10_000);
  const r = benchLint(n);
  console.log(`lint over ${r.manifests} manifests (${(r.bytes / 1e6).toFixed(1)} MB YAML, ${r.findings} findings)`);
  console.log(`  parse only   ${r.parseMs.toFixed(0).padStart(7)} ms`);
  console.log(`  lint         ${r.lintMs.toFixed(0).padStart(7)} ms`);
  console.log(`  ratio        ${r.ratio.toFixed(2)}x  (target <= 2x)`);
}
