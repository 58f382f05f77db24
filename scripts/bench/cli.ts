/**
 * Section "cli": the cold start of `daprkit lint`, `diff` and `graph` on one small file, against
 * starting Node and loading the YAML parser (`node -e "require('yaml')"`), the least any of them
 * must do. Goal: each command within 2x of that baseline. Each run is a fresh process, measured
 * interleaved with the baseline (see interleavedMedians), so the machine's drift hits both alike.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BenchOptions, BenchRow, BenchSection, interleavedMedians } from './harness';

/** A small, realistic input: an app with its Service and the state store it uses. */
const SMALL_SYSTEM = `apiVersion: apps/v1
kind: Deployment
metadata: { name: orders, labels: { app: orders } }
spec:
  replicas: 1
  selector: { matchLabels: { app: orders } }
  template:
    metadata:
      labels: { app: orders }
      annotations: { dapr.io/enabled: "true", dapr.io/app-id: orders, dapr.io/app-port: "8080" }
    spec:
      containers:
        - name: orders
          image: ghcr.io/acme/orders:1.0
          ports: [{ containerPort: 8080 }]
---
apiVersion: v1
kind: Service
metadata: { name: orders }
spec:
  selector: { app: orders }
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: { name: statestore }
scopes: [orders]
spec:
  type: state.redis
  version: v1
  metadata:
    - { name: redisHost, value: "redis-master.data.svc.cluster.local:6379" }
    - { name: redisPassword, secretKeyRef: { name: redis, key: redis-password } }
`;

/** The commands measured, as arguments after the entry point. */
export function cliCommands(file: string, changed: string): Record<string, string[]> {
  return { lint: ['lint', file], diff: ['diff', file, changed], graph: ['graph', file] };
}

function run(options: BenchOptions): BenchRow[] {
  const entry = process.env.DAPRKIT_BENCH_CLI;
  if (!entry || !fs.existsSync(entry)) {
    console.log('cli: skipped (run through `npm run bench`, which builds the command line without inline source maps)');
    return [];
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daprkit-bench-cli-'));
  const file = path.join(dir, 'system.yaml');
  const changed = path.join(dir, 'changed.yaml');
  fs.writeFileSync(file, SMALL_SYSTEM);
  fs.writeFileSync(changed, SMALL_SYSTEM.replace('replicas: 1', 'replicas: 2'));
  const node = (args: string[]) => () => {
    const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (r.status !== 0 && r.status !== 1) throw new Error(`node ${args.join(' ')} exited ${r.status}`);
  };
  const commands = Object.entries(cliCommands(file, changed));
  // Many short runs: a cold start is ~0.1-0.3 s, and single runs on a shared machine scatter.
  const runs = Math.max(11, options.runs * 3);
  const [baseline, ...times] = interleavedMedians(runs, [node(['-e', "require('yaml')"]), ...commands.map(([, args]) => node([entry, ...args]))]);
  fs.rmSync(dir, { recursive: true, force: true });
  return commands.map(([name], i) => ({
    section: 'cli',
    n: 1,
    label: `daprkit ${name} (cold start, one small file)`,
    medianMs: times[i],
    perAppMs: times[i],
    ratios: { 'cmd/node+yaml': times[i] / baseline },
  }));
}

export const cliSection: BenchSection = { name: 'cli', run };
