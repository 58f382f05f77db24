/**
 * Checks of a Component's metadata against the catalog: required fields (one complete
 * authentication profile suffices; the profile a discriminator value selects when one is set),
 * unknown, ignored and deprecated fields, values (allowed values, numbers, booleans, durations)
 * and plaintext in sensitive fields. The catalog includes what the runtime accepts beyond the
 * upstream documentation: an alias counts as its canonical field, a legacy key as the fields it
 * fills in.
 */
import type { AuthProfileFacts, ComponentVersionFacts, FieldFacts } from '../dapr/component-facts';
import { componentTypeFacts, documentedVersion, fieldIndex, FieldIndex, isDeclaredCustom } from './component-catalog';
import { ComponentView, componentsOf, inlineText, isSet, MetadataItemView } from './dapr-resources';
import { isBoolString, isGoDuration, isIntString } from './formats';
import { Check, CheckOptions, Finding, Severity } from './types';

/** A catalogued Component at a documented version, with its field index. */
export interface CataloguedComponent {
  readonly component: ComponentView;
  readonly version: ComponentVersionFacts;
  readonly fields: FieldIndex;
}

/** Components the field checks can judge: known type, documented version, not marked custom. */
export function catalogued(components: readonly ComponentView[], options: CheckOptions = {}): CataloguedComponent[] {
  return components.flatMap((component) => {
    if (isDeclaredCustom(component, options) || component.type === undefined || component.version === undefined) return [];
    const facts = componentTypeFacts(component.type);
    const version = facts && documentedVersion(facts, component.version);
    return version ? [{ component, version, fields: fieldIndex(version) }] : [];
  });
}

export function finding(check: string, severity: Severity, c: ComponentView, field: string, message: string, hint: string): Finding {
  return { check, severity, resource: c.resource, field, message, hint };
}

/** Names (case-insensitive) of the fields the component provides: those set, and what their aliases and legacy keys stand for. */
export function providedFieldNames(c: ComponentView, fields: FieldIndex): Set<string> {
  return new Set(
    c.items.filter(isSet).flatMap((i) => (i.name !== undefined ? fields.provides(i.name).map((n) => n.toLowerCase()) : [])),
  );
}

/** The inline value of a field (or of one of its aliases), as the runtime reads it. */
export function inlineValueOf(c: ComponentView, fields: FieldIndex, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const item of c.items) {
    if (item.name === undefined || !fields.provides(item.name).some((n) => n.toLowerCase() === lower)) continue;
    if (fields.role(item.name)?.kind === 'legacy' && item.name.toLowerCase() !== lower) continue; // derived: value unknown
    const text = inlineText(item);
    if (text !== undefined && text !== '') return text;
  }
  return undefined;
}

/**
 * The profiles that count: when a profile's discriminator field is set inline (Kafka
 * `authType: password`), only the profiles its value selects; otherwise all of them.
 */
function selectedProfiles(c: ComponentView, fields: FieldIndex, profiles: readonly AuthProfileFacts[]): { profiles: readonly AuthProfileFacts[]; by?: string } {
  const discriminator = profiles.find((p) => p.discriminator)?.discriminator;
  if (!discriminator) return { profiles };
  const value = inlineValueOf(c, fields, discriminator.field);
  if (value === undefined) return { profiles };
  const chosen = profiles.filter((p) => p.discriminator?.values.some((v) => v.toLowerCase() === value.trim().toLowerCase()));
  // An unknown value is the value check's finding; judging profiles against it would only add noise.
  return chosen.length > 0 ? { profiles: chosen, by: `${discriminator.field} "${value}"` } : { profiles: [] };
}

/** `"a", "b"`: names quoted, for messages. */
export const list = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

export const componentRequiredFields: Check = (manifests, options) =>
  catalogued(componentsOf(manifests), options).flatMap(({ component: c, version, fields }) => {
    const present = providedFieldNames(c, fields);
    const missing = (name: string) => !present.has(name.toLowerCase());
    const typeLabel = `${c.type} ${version.version}`;
    // Self-hosted, a component that falls back to a local address works next to `dapr init`'s services.
    const selfHosted = options?.target === 'self-hosted';
    const findings = version.fields
      .filter((f) => f.required && missing(f.name) && !(selfHosted && f.localDefault !== undefined))
      .map((f) =>
        finding(
          'component-required-field',
          'error',
          c,
          `spec.metadata[name=${f.name}]`,
          `required field "${f.name}" of ${typeLabel} is missing.`,
          `Add a metadata item named "${f.name}"${f.sensitive ? ' (a secret: use SecretValue.fromSecret / secretKeyRef)' : ''}.`,
        ),
      );
    const selection = selectedProfiles(c, fields, version.authProfiles ?? []);
    const profiles = selection.profiles;
    if (profiles.length === 0) return findings;
    // Fields every profile needs are reported above; a profile is judged on what else it needs.
    const always = new Set(version.fields.filter((f) => f.required).map((f) => f.name));
    const gaps = profiles.map((p) => {
      const needed = p.required.filter((n) => !always.has(n));
      return { profile: p, missing: needed.filter(missing), started: needed.filter((n) => !missing(n)).length };
    });
    if (gaps.some((g) => g.missing.length === 0)) return findings;
    // Closest: fewest fields missing; on a tie, the profile the user has started filling in.
    const closest = gaps.reduce((best, g) =>
      g.missing.length < best.missing.length || (g.missing.length === best.missing.length && g.started > best.started) ? g : best,
    );
    const others = gaps.filter((g) => g !== closest).map((g) => `"${g.profile.title}" (${list(g.missing)})`);
    const what = selection.by
      ? `${selection.by} selects ${profiles.length === 1 ? 'the authentication profile' : 'authentication profiles of which the closest is'} "${closest.profile.title}" of ${typeLabel}, which misses ${list(closest.missing)}.`
      : `no authentication profile of ${typeLabel} is complete; the closest, "${closest.profile.title}", misses ${list(closest.missing)}.`;
    const instead = selection.by ? `, or change ${selection.by.split(' ')[0]} to the authentication you mean` : '';
    findings.push(
      finding(
        'component-required-field',
        'error',
        c,
        closest.missing.length === 1 ? `spec.metadata[name=${closest.missing[0]}]` : 'spec.metadata',
        what,
        `Set ${list(closest.missing)}${others.length > 0 ? `, or complete another profile: ${others.join('; ')}` : ''}${instead}.`,
      ),
    );
    return findings;
  });

export const componentUnknownFields: Check = (manifests, options) =>
  catalogued(componentsOf(manifests), options).flatMap(({ component: c, version, fields }) =>
    c.items.flatMap((item) => {
      if (item.name === undefined) {
        return [finding('component-unknown-field', 'error', c, item.path, 'metadata item has no name.', 'Give every metadata item a `name`.')];
      }
      const label = `${c.type} ${version.version}`;
      if (!fields.isKnown(item.name)) {
        return [
          finding(
            'component-unknown-field',
            'warning',
            c,
            item.path,
            `field "${item.name}" is not a field of ${label}; the component ignores it.`,
            `Remove it or fix the name.${fields.didYouMean(item.name)}`,
          ),
        ];
      }
      const role = fields.role(item.name);
      if ((role?.kind === 'field' && role.field.ignored) || (role?.kind === 'legacy' && role.satisfies.length === 0)) {
        return [
          finding(
            'component-ignored-field',
            'warning',
            c,
            item.path,
            `field "${item.name}" of ${label} is never read from the Component's metadata, so setting it has no effect.`,
            'Remove it; if it is a per-request setting, pass it with each request (as request metadata) instead.',
          ),
        ];
      }
      if (role?.kind === 'alias') {
        const canonical = c.items.find((i) => i !== item && isSet(i) && i.name !== undefined && i.name.toLowerCase() === role.canonical.toLowerCase());
        if (canonical && isSet(item)) {
          return [
            finding(
              'component-ignored-field',
              'warning',
              c,
              item.path,
              `"${item.name}" is another name for "${role.canonical}", which is also set; the runtime reads only one of them.`,
              `Keep one: remove "${item.name}" or "${role.canonical}".`,
            ),
          ];
        }
        return [];
      }
      const field = fields.get(item.name);
      if (role?.kind === 'field' && field?.deprecated) {
        return [
          finding('component-deprecated-field', 'warning', c, item.path, `field "${item.name}" of ${c.type} is deprecated upstream.`, 'Check the component documentation for its replacement.'),
        ];
      }
      return [];
    }),
  );

/** Comma-separated lists with the same items, in any order and spacing: the runtime splits and trims (`input, output`). */
function sameList(allowed: string, text: string): boolean {
  if (!allowed.includes(',') || !text.includes(',')) return false;
  const items = (s: string) => [...new Set(s.split(',').map((p) => p.trim().toLowerCase()))].sort().join(',');
  return items(allowed) === items(text);
}

/** Why an inline value does not fit the field, or undefined when it does. */
function valueProblem(field: FieldFacts, text: string): { severity: Severity; expected: string } | undefined {
  if (text === '') return undefined; // empty means "use the default" to the runtime
  if (field.allowedValues) {
    const ok = field.allowedValues.some((v) => v.toLowerCase() === text.toLowerCase() || sameList(v, text));
    return ok ? undefined : { severity: 'error', expected: `one of ${list(field.allowedValues)}` };
  }
  switch (field.type) {
    case 'number':
      return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text.trim()) ? undefined : { severity: 'error', expected: 'a number' };
    case 'bool':
      return isBoolString(text) ? undefined : { severity: 'error', expected: '"true" or "false"' };
    case 'duration':
      // Some components parse their own duration forms, so a mismatch is only a warning.
      return isGoDuration(text.trim()) || isIntString(text) ? undefined : { severity: 'warning', expected: 'a Go duration such as "30s" or "1m30s"' };
    default:
      return undefined;
  }
}

export const componentFieldValues: Check = (manifests, options) =>
  catalogued(componentsOf(manifests), options).flatMap(({ component: c, fields }) =>
    c.items.flatMap((item: MetadataItemView) => {
      const field = item.name !== undefined ? fields.get(item.name) : undefined;
      const text = inlineText(item);
      if (!field || field.sensitive || text === undefined) return [];
      const problem = valueProblem(field, text);
      if (!problem) return [];
      return [
        finding(
          'component-field-value',
          problem.severity,
          c,
          item.path,
          `value ${JSON.stringify(text)} of "${item.name}" is not valid: ${field.type} field expecting ${problem.expected}.`,
          field.allowedValues ? `Use one of ${list(field.allowedValues)}.` : `Write ${problem.expected}.`,
        ),
      ];
    }),
  );

/** A secret is never echoed: the message gives its length only. */
function redacted(text: string): string {
  return `<redacted, ${text.length} characters>`;
}

/**
 * Credentials visible in a value: `user:password@` in a URL, or a password / key part of a
 * connection string (`password=…`, `AccountKey=…`, `SharedAccessKey=…`).
 */
export function carriesCredentials(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]*@/i.test(text.trim()) || /(^|[;\s])\s*(password|pwd|accountkey|sharedaccesskey|sharedaccesssignature|secret)\s*=\s*[^;\s]/i.test(text);
}

/** The sensitive field a plaintext item is (or, misspelled, was meant to be). */
function sensitiveTarget(fields: FieldIndex, name: string, text: string): { field: FieldFacts; misspelled: boolean } | undefined {
  const field = fields.get(name);
  if (field) {
    if (!field.sensitive) return undefined;
    return !field.secretIfCredentials || carriesCredentials(text) ? { field, misspelled: false } : undefined;
  }
  if (fields.isKnown(name)) return undefined;
  // An unknown name one typo away from a sensitive field: the user meant the secret, and wrote it in plain text.
  const meant = fields.closestField(name);
  const target = meant !== undefined ? fields.get(meant) : undefined;
  return target?.sensitive && (!target.secretIfCredentials || carriesCredentials(text)) ? { field: target, misspelled: true } : undefined;
}

export const componentSensitivePlaintext: Check = (manifests, options) =>
  catalogued(componentsOf(manifests), options).flatMap(({ component: c, fields }) => {
    const acknowledged = new Set([...c.plaintextOk].map((n) => n.toLowerCase()));
    return c.items.flatMap((item) => {
      const text = inlineText(item) ?? (item.hasValue ? JSON.stringify(item.value) : undefined);
      if (item.name === undefined || text === undefined || text === '' || acknowledged.has(item.name.toLowerCase())) return [];
      const target = sensitiveTarget(fields, item.name, text);
      if (!target) return [];
      const what = target.misspelled
        ? `field "${item.name}" looks like a misspelling of the sensitive field "${target.field.name}" and holds a plaintext value (${redacted(text)}).`
        : `sensitive field "${item.name}" holds a plaintext value (${redacted(text)}).`;
      return [
        finding(
          'component-sensitive-plaintext',
          'error',
          c,
          item.path,
          what,
          `${target.misspelled ? `Rename it to "${target.field.name}" and reference` : 'Reference'} a secret instead: secretKeyRef {name, key} in YAML, SecretValue.fromSecret(name, key) in daprkit.`,
        ),
      ];
    });
  });

export const componentFieldChecks: readonly Check[] = [
  componentRequiredFields,
  componentUnknownFields,
  componentFieldValues,
  componentSensitivePlaintext,
];
