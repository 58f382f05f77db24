/**
 * ajv's errors as findings a person can act on: the field as a dotted path, the value received
 * (for closed sets and numbers; never a free-text value, which may be a secret) or its type, and what
 * is allowed. The alternatives of an `anyOf`/`oneOf` (Kubernetes' int-or-string) are one problem,
 * reported once.
 */
import type { ErrorObject } from 'ajv';

export interface SchemaProblem {
  readonly field: string;
  readonly message: string;
  /** The schema keyword that failed (`required`, `additionalProperties`, `type`, `enum`, ...). */
  readonly keyword: string;
}

function pathSteps(instancePath: string): string[] {
  return instancePath
    .split('/')
    .slice(1)
    .map((step) => step.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function dottedPath(steps: readonly string[]): string {
  return steps.reduce((path, step) => (/^\d+$/.test(step) ? `${path}[${step}]` : path ? `${path}.${step}` : step), '');
}

/** The value at a JSON pointer's steps, through own properties only. */
function valueAt(root: unknown, steps: readonly string[]): unknown {
  let node = root;
  for (const step of steps) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, step)) return undefined;
    node = (node as Record<string, unknown>)[step];
  }
  return node;
}

/** The JSON Schema type name of a value, as the schema's `type` keyword spells types. */
function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** A short quotation of a closed-set value or a number (control characters escaped by JSON). */
function quote(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeName(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function orList(values: readonly unknown[]): string {
  const texts = values.map(String);
  return texts.length <= 1 ? texts.join('') : `${texts.slice(0, -1).join(', ')} or ${texts[texts.length - 1]}`;
}

function describeOne(e: ErrorObject, root: unknown, alternatives: readonly ErrorObject[]): Omit<SchemaProblem, 'keyword'> {
  const steps = pathSteps(e.instancePath);
  const field = dottedPath(steps);
  const value = valueAt(root, steps);
  const params = e.params as Record<string, unknown>;
  const at = (name: string) => (field ? `${field}.${name}` : name);
  switch (e.keyword) {
    case 'additionalProperties':
      return { field: at(String(params.additionalProperty)), message: `unknown field "${String(params.additionalProperty)}"` };
    case 'required':
      return { field: at(String(params.missingProperty)), message: `missing required field "${String(params.missingProperty)}"` };
    case 'enum':
      return { field: field || '(object)', message: `${quote(value)} is not one of ${(params.allowedValues as unknown[]).map(String).join(', ')}` };
    case 'const':
      return { field: field || '(object)', message: `${quote(value)} is not ${String(params.allowedValue)}` };
    case 'type': {
      const expected = String(params.type).split(',');
      // A fraction where a whole number belongs is shown as written: "got number" would not say what is wrong.
      const got = typeof value === 'number' && expected.includes('integer') ? String(value) : typeName(value);
      return { field: field || '(object)', message: `expected ${orList(expected)}, got ${got}` };
    }
    case 'format':
      return { field: field || '(object)', message: `${quote(value)} does not fit the format ${String(params.format)}` };
    case 'maxItems':
    case 'minItems':
      return { field: field || '(object)', message: `has ${Array.isArray(value) ? value.length : '?'} items; the ${e.keyword === 'maxItems' ? 'most' : 'fewest'} allowed is ${String(params.limit)}` };
    case 'maxLength':
    case 'minLength':
      return { field: field || '(object)', message: `is ${typeof value === 'string' ? [...value].length : '?'} characters long; the ${e.keyword === 'maxLength' ? 'most' : 'fewest'} allowed is ${String(params.limit)}` };
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum':
      return { field: field || '(object)', message: `${quote(value)} is out of range: must be ${String(params.comparison)} ${String(params.limit)}` };
    case 'pattern':
      return { field: field || '(object)', message: `does not match the pattern ${String(params.pattern)}` };
    case 'anyOf':
    case 'oneOf': {
      const types = alternatives.filter((a) => a.keyword === 'type').map((a) => String((a.params as Record<string, unknown>).type)).sort();
      if (types.length === alternatives.length && types.length > 0) return { field: field || '(object)', message: `expected ${orList(types)}, got ${typeName(value)}` };
      return { field: field || '(object)', message: `matches none of the shapes the schema allows (${alternatives.map((a) => describeOne(a, root, []).message).join('; ')})` };
    }
    default:
      return { field: field || '(object)', message: e.message ?? e.keyword };
  }
}

/**
 * The errors each failed `anyOf`/`oneOf` stands for: ajv reports the failed alternatives just
 * before the combinator's own error, at its instance path or below it (their schema paths may lie
 * in a referenced schema, so they are found by position, not by schema path).
 */
function branchesOfCombinators(errors: readonly ErrorObject[]): Map<ErrorObject, ErrorObject[]> {
  const branches = new Map<ErrorObject, ErrorObject[]>();
  const taken = new Set<number>();
  errors.forEach((e, i) => {
    if (e.keyword !== 'anyOf' && e.keyword !== 'oneOf') return;
    const own: ErrorObject[] = [];
    for (let j = i - 1; j >= 0 && !taken.has(j); j--) {
      const b = errors[j];
      if (b.instancePath !== e.instancePath && !b.instancePath.startsWith(`${e.instancePath}/`)) break;
      own.unshift(b);
      taken.add(j);
    }
    branches.set(e, own);
  });
  return branches;
}

/** ajv errors of one validation of `root`, each problem once. */
export function describeSchemaErrors(errors: readonly ErrorObject[], root: unknown): SchemaProblem[] {
  const branches = branchesOfCombinators(errors);
  const inBranch = new Set([...branches.values()].flat());
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (inBranch.has(e)) continue;
    const problem = { ...describeOne(e, root, branches.get(e) ?? []), keyword: e.keyword };
    const key = `${problem.field}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}
