/**
 * Checks of a Component's metadata against the catalog's rules on several fields (`rules` of a
 * component version): pairs that go together, alternatives, and requirements that hold only under
 * a condition (Kafka `authType: mtls`, a binding's explicit `direction`). What is missing where
 * the component fails without it is a `component-required-field` error; a combination the
 * component refuses is a `component-field-combination` error, one it silently ignores a warning.
 *
 * A rule whose condition cannot be judged (its field set through a secretKeyRef or envRef, or
 * through a legacy key whose value the runtime derives) is not applied: no finding on a guess.
 */
import type { FieldCondition, FieldRuleFacts } from '../dapr/component-facts';
import { catalogued, CataloguedComponent, finding, inlineValueOf, list, providedFieldNames } from './component-fields';
import { componentsOf } from './dapr-resources';
import { isTruthy } from './formats';
import { Check, Finding, Severity } from './types';

/** What one component reads of its metadata for the rules: which fields are set, and their inline values. */
interface RuleContext {
  readonly component: CataloguedComponent;
  /** Lower-cased names of the fields provided (aliases and legacy keys stand for their field). */
  readonly present: ReadonlySet<string>;
}

const isPresent = (ctx: RuleContext, name: string) => ctx.present.has(name.toLowerCase());

/** Whether the condition holds; undefined when it cannot be judged (a value test on a value not written inline). */
function holds(ctx: RuleContext, condition: FieldCondition): boolean | undefined {
  const set = isPresent(ctx, condition.field);
  if (condition.is === 'set') return set;
  if (condition.is === 'unset') return !set;
  if (!set) return condition.is === 'not-true';
  const { component: c, fields } = ctx.component;
  const value = inlineValueOf(c, fields, condition.field);
  if (value === undefined) return undefined;
  switch (condition.is) {
    case 'true':
      return isTruthy(value);
    case 'not-true':
      return !isTruthy(value);
    case 'one-of':
      return condition.values.some((v) => v.toLowerCase() === value.trim().toLowerCase());
    case 'starts-with':
      return condition.values.some((v) => value.trim().startsWith(v));
    case 'listing': {
      const items = value.split(',').map((part) => part.trim().toLowerCase());
      return condition.values.some((v) => items.includes(v.toLowerCase()));
    }
  }
}

/** `"authType" is "mtls" and "skipVerify" is not true`, with the values the Component has. */
function describe(ctx: RuleContext, conditions: readonly FieldCondition[]): string {
  const { component: c, fields } = ctx.component;
  return conditions
    .map((cond) => {
      const name = `"${cond.field}"`;
      switch (cond.is) {
        case 'set':
          return `${name} is set`;
        case 'unset':
          return `${name} is not set`;
        case 'true':
          return `${name} is ${JSON.stringify(inlineValueOf(c, fields, cond.field) ?? 'true')}`;
        case 'not-true':
          return `${name} is not true`;
        case 'one-of':
          return `${name} is ${JSON.stringify(inlineValueOf(c, fields, cond.field) ?? cond.values[0])}`;
        case 'starts-with':
          return `${name} starts with ${list(cond.values)}`;
        case 'listing':
          return `${name} includes ${list(cond.values)}`;
      }
    })
    .join(' and ');
}

/** What happens at run time, as the end of a sentence. */
const OUTCOME: Readonly<Record<FieldRuleFacts['effect'], string>> = {
  refused: 'the component fails to initialize',
  fails: 'the component starts but cannot work',
  ignored: 'the component silently ignores the incomplete setting',
};

const severityOf = (rule: FieldRuleFacts): Severity => (rule.effect === 'ignored' ? 'warning' : 'error');
const isAre = (names: readonly string[]) => (names.length === 1 ? 'is' : 'are');
const itThem = (names: readonly string[]) => (names.length === 1 ? 'it' : 'them');

/** The item path of the first set field among `names`, or the path a missing field would have. */
function pathOf(ctx: RuleContext, names: readonly string[]): string {
  if (names.length !== 1) return 'spec.metadata';
  const { component: c, fields } = ctx.component;
  const lower = names[0].toLowerCase();
  const item = c.items.find((i) => i.name !== undefined && fields.provides(i.name).some((n) => n.toLowerCase() === lower));
  return item?.path ?? `spec.metadata[name=${names[0]}]`;
}

/** A missing field's hint, saying when it is a secret. */
function setHint(ctx: RuleContext, names: readonly string[]): string {
  const secret = names.some((n) => ctx.component.fields.get(n)?.sensitive);
  return `Set ${list(names)}${secret ? ' (secrets: use SecretValue.fromSecret / secretKeyRef)' : ''}`;
}

function judge(ctx: RuleContext, rule: FieldRuleFacts): Finding | undefined {
  const when = rule.when ?? [];
  const judged = when.map((cond) => holds(ctx, cond));
  if (judged.some((j) => j !== true)) return undefined;
  const { component: c, version } = ctx.component;
  const label = `${c.type} ${version.version}`;
  const under = when.length > 0 ? ` when ${describe(ctx, when)}` : '';
  const orChange = when.some((cond) => cond.is !== 'set' && cond.is !== 'unset') ? `, or change ${list(when.map((cond) => cond.field))}` : '';
  const set = rule.fields.filter((n) => isPresent(ctx, n));
  const missing = rule.fields.filter((n) => !isPresent(ctx, n));
  const make = (check: string, field: string, message: string, hint: string) =>
    finding(check, severityOf(rule), c, field, message, hint);
  // A missing requirement is a required-field error; a warning about a dropped setting is a combination finding.
  const missingCheck = rule.effect === 'ignored' ? 'component-field-combination' : 'component-required-field';

  switch (rule.kind) {
    case 'required':
      if (missing.length === 0) return undefined;
      return make(
        missingCheck,
        pathOf(ctx, missing),
        `${list(missing)} ${isAre(missing)} required by ${label}${under}; without ${itThem(missing)} ${OUTCOME[rule.effect]}.`,
        `${setHint(ctx, missing)}${orChange}.`,
      );
    case 'all-or-none': {
      const triggered = (rule.triggers ?? rule.fields).filter((n) => isPresent(ctx, n));
      if (triggered.length === 0 || missing.length === 0) return undefined;
      const given = [...new Set([...triggered, ...set])];
      // A pair (SMTP user and password) goes together; a trigger outside the fields (a client certificate) needs them.
      const pair = triggered.every((n) => rule.fields.includes(n));
      const how = pair ? `takes ${list(rule.fields)} together` : `needs ${list(rule.fields)} with ${list(triggered)}`;
      return make(
        'component-field-combination',
        pathOf(ctx, missing),
        `${list(given)} ${isAre(given)} set without ${list(missing)}${under}: ${label} ${how}, and without ${itThem(missing)} ${OUTCOME[rule.effect]}.`,
        `${setHint(ctx, missing)} too, or remove ${list(given)}.`,
      );
    }
    case 'exactly-one':
    case 'at-least-one':
    case 'at-most-one': {
      const tooFew = set.length === 0 && rule.kind !== 'at-most-one';
      const tooMany = set.length > 1 && rule.kind !== 'at-least-one';
      if (tooFew) {
        const how = rule.kind === 'exactly-one' ? 'exactly one' : 'at least one';
        return make(
          missingCheck,
          'spec.metadata',
          `${label} needs ${how} of ${list(rule.fields)}${under}, and none is set; without ${how === 'exactly one' ? 'one' : 'any'} ${OUTCOME[rule.effect]}.`,
          `Set one of ${list(rule.fields)}${orChange}.`,
        );
      }
      if (tooMany) {
        return make(
          'component-field-combination',
          pathOf(ctx, set.slice(1, 2)),
          `${list(set)} are all set${under}, but ${label} takes only one of them; with several ${OUTCOME[rule.effect]}.`,
          `Keep one of ${list(set)}.`,
        );
      }
      return undefined;
    }
    case 'forbidden':
      if (set.length === 0) return undefined;
      return make(
        'component-field-combination',
        pathOf(ctx, set),
        `${list(set)} must not be set${under}: with ${itThem(set)} ${OUTCOME[rule.effect]}.`,
        `Remove ${list(set)}${orChange}.`,
      );
  }
}

export const componentFieldRules: Check = (manifests, options) =>
  catalogued(componentsOf(manifests), options).flatMap((component) => {
    const rules = component.version.rules ?? [];
    if (rules.length === 0) return [];
    const ctx: RuleContext = { component, present: providedFieldNames(component.component, component.fields) };
    return rules.flatMap((rule) => judge(ctx, rule) ?? []);
  });
