/**
 * The exact versions a new project pins. cdk8s, cdk8s-plus-28, constructs, cdk8s-cli, TypeScript,
 * @types/node and the Pulumi packages are the ones daprkit itself is built and tested with (its
 * devDependencies, read from daprkit's own package.json so they cannot drift); the runner and the
 * test framework are chosen here.
 */
import * as fs from 'fs';
import * as path from 'path';

/**
 * tsx runs TypeScript through esbuild: it strips types without the TypeScript compiler API, so
 * `cdk8s synth` keeps working whatever TypeScript the project moves to (ts-node breaks on 7.x).
 */
export const TSX_VERSION = '4.23.15';
/**
 * vitest transforms TypeScript without the compiler API too, has snapshots, and installs on Node
 * 20 (4.x; vitest 5 needs Node 22). jest needs ts-jest, which needs the compiler API.
 */
export const VITEST_VERSION = '4.1.12';
/** The Node versions the project's tools accept (vitest 4 installs vite, which needs 20.19). */
export const NODE_ENGINES = '>=20.19';

export interface ProjectVersions {
  readonly daprkit: string;
  readonly cdk8s: string;
  readonly cdk8sPlus28: string;
  readonly constructs: string;
  readonly cdk8sCli: string;
  readonly typescript: string;
  readonly typesNode: string;
  readonly pulumi: string;
  readonly pulumiKubernetes: string;
  readonly tsx: string;
  readonly vitest: string;
}

interface OwnPackage {
  readonly name?: string;
  readonly version?: string;
  readonly devDependencies?: Readonly<Record<string, string>>;
}

/** daprkit's own package.json: beside lib/ when installed, at the repository root from sources. */
export function readOwnPackage(): OwnPackage & { version: string } {
  for (const candidate of [path.join(__dirname, '..', '..', 'package.json'), path.join(__dirname, '..', '..', '..', 'package.json')]) {
    let pkg: OwnPackage;
    try {
      pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as OwnPackage;
    } catch {
      continue; // sources sit one level higher than the compiled lib/cli/init
    }
    if (pkg.name === 'daprkit' && typeof pkg.version === 'string') return { ...pkg, version: pkg.version };
  }
  throw new Error("init: daprkit's own package.json was not found beside the command");
}

/** The versions to pin, with `daprkit` as the dependency spec to write. */
export function projectVersions(daprkit: string, own: OwnPackage = readOwnPackage()): ProjectVersions {
  const dev = own.devDependencies ?? {};
  const pinned = (name: string): string => {
    const version = dev[name];
    if (version === undefined || !/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`init: daprkit's package.json pins no exact ${name} in devDependencies (found ${JSON.stringify(version)})`);
    return version;
  };
  return {
    daprkit,
    cdk8s: pinned('cdk8s'),
    cdk8sPlus28: pinned('cdk8s-plus-28'),
    constructs: pinned('constructs'),
    cdk8sCli: pinned('cdk8s-cli'),
    typescript: pinned('typescript'),
    typesNode: pinned('@types/node'),
    pulumi: pinned('@pulumi/pulumi'),
    pulumiKubernetes: pinned('@pulumi/kubernetes'),
    tsx: TSX_VERSION,
    vitest: VITEST_VERSION,
  };
}
