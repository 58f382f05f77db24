/**
 * The lint configuration file: settings a repository keeps beside its manifests instead of
 * repeating flags in every CI job. `daprkit lint --config <file>`, or `.daprkit.yaml` in the working
 * directory when it exists. YAML or JSON:
 *
 *   customTypes: [state.redis-pluggable]   # pluggable or in-house component types to accept
 *   ignore: [component-unscoped]           # check ids to leave out everywhere
 *   target: self-hosted                    # where daprd reads the resources (default kubernetes)
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { Target, TARGETS } from '../checks/catalog-of-checks';
import { UsageError } from './usage-error';

/** The file `daprkit lint` reads when no `--config` is given and it exists. */
export const DEFAULT_CONFIG_FILE = '.daprkit.yaml';

export interface LintConfig {
  readonly customTypes: readonly string[];
  readonly ignore: readonly string[];
  /** @default - not set: the command line's `--target`, else kubernetes */
  readonly target?: Target;
}

const KEYS = ['customTypes', 'ignore', 'target'] as const;
const EMPTY: LintConfig = { customTypes: [], ignore: [] };

function targetOf(file: string, value: unknown): Target | undefined {
  if (value === undefined || value === null) return undefined;
  const target = TARGETS.find((t) => t === value);
  if (!target) throw new UsageError(`${file}: target must be one of ${TARGETS.join(', ')}.`);
  return target;
}

function stringList(file: string, key: string, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.trim() === '')) {
    throw new UsageError(`${file}: ${key} must be a list of non-empty strings.`);
  }
  return value.map((v: string) => v.trim());
}

/** Reads the configuration: the named file (which must exist), else the default file if present, else nothing. */
export function readLintConfig(explicit: string | undefined, cwd: string = process.cwd()): LintConfig {
  const file = explicit ?? (fs.existsSync(path.join(cwd, DEFAULT_CONFIG_FILE)) ? DEFAULT_CONFIG_FILE : undefined);
  if (file === undefined) return EMPTY;
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(cwd, file), 'utf8');
  } catch {
    throw new UsageError(`${file}: cannot read the configuration file.`);
  }
  let data: unknown;
  try {
    data = parse(text, { maxAliasCount: 10 });
  } catch (e) {
    throw new UsageError(`${file}: not valid YAML or JSON (${(e as Error).message.split('\n')[0]}).`);
  }
  if (data === null || data === undefined) return EMPTY;
  if (typeof data !== 'object' || Array.isArray(data)) throw new UsageError(`${file}: expected a map with ${KEYS.join(', ')}.`);
  const unknown = Object.keys(data).filter((k) => !(KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) throw new UsageError(`${file}: unknown setting ${unknown.map((k) => `"${k}"`).join(', ')}; the settings are ${KEYS.join(', ')}.`);
  const record = data as Record<string, unknown>;
  const target = targetOf(file, record.target);
  return { customTypes: stringList(file, 'customTypes', record.customTypes), ignore: stringList(file, 'ignore', record.ignore), ...(target ? { target } : {}) };
}
