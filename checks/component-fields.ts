/**
 * Checks of a Component's metadata against the catalog: required fields (one complete
 * authentication profile suffices), unknown and deprecated fields, values (allowed values,
 * numbers, booleans, durations) and plaintext in sensitive fields.
 */
import type { ComponentVersionFacts, FieldFacts } from '../dapr/component-facts';
import { componentTypeFacts, documentedVersion, fieldIndex, FieldIndex } from './component-catalog';
import { ComponentView, componentsOf, inlineText, isSet, MetadataItemView } from './dapr-resources';
import { isBoolString, isGoDuration, isIntString } from './formats';
import { didYouMean } from './suggest';
import { Check, Finding, Severity } from './types';

/** A catalogued Component at a documented version, with its field index. */
interface CataloguedComponent {
  readonly component: ComponentView;
  readonly version: ComponentVersionFacts;
  readonly fields: FieldIndex;
}

/** Components the field checks can judge: known type, documented version, not marked custom. */
function catalogued(components: readonly ComponentView[]): CataloguedComponent[] {
  return components.flatMap((component) => {
    if (component.customType || component.type === undefined || component.version === undefined) return [];
    const facts = componentTypeFacts(component.type);
    const version = facts && documentedVersion(facts, component.version);
    return version ? [{ component, version, fields: fieldIndex(version) }] : [];
  });
}

function finding(check: string, severity: Severity, c: ComponentView, field: string, message: string, hint: string): Finding {
  return { check, severity, resource: c.resource, field, message, hint };
}

/** Names (case-insensitive) of the fields the component sets. */
function setFieldNames(c: ComponentView): Set<string> {
  return new Set(c.items.filter(isSet).flatMap((i) => (i.name !== undefined ? [i.name.toLowerCase()] : [])));
}

const list = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

export const componentRequiredFields: Check = (manifests) =>
  catalogued(componentsOf(manifests)).flatMap(({ component: c, version }) => {
    const present = setFieldNames(c);
    const missing = (name: string) => !present.has(name.toLowerCase());
    const typeLabel = `${c.type} ${version.version}`;
    const findings = version.fields
      .filter((f) => f.required && missing(f.name))
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
    const profiles = version.authProfiles ?? [];
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
    findings.push(
      finding(
        'component-required-field',
        'error',
        c,
        closest.missing.length === 1 ? `spec.metadata[name=${closest.missing[0]}]` : 'spec.metadata',
        `no authentication profile of ${typeLabel} is complete; the closest, "${closest.profile.title}", misses ${list(closest.missing)}.`,
        `Set ${list(closest.missing)}${others.length > 0 ? `, or complete another profile: ${others.join('; ')}` : ''}.`,
      ),
    );
    return findings;
  });

export const componentUnknownFields: Check = (manifests) =>
  catalogued(componentsOf(manifests)).flatMap(({ component: c, version, fields }) =>
    c.items.flatMap((item) => {
      if (item.name === undefined) {
        return [finding('component-unknown-field', 'error', c, item.path, 'metadata item has no name.', 'Give every metadata item a `name`.')];
      }
      const field = fields.get(item.name);
      if (!field) {
        return [
          finding(
            'component-unknown-field',
            'warning',
            c,
            item.path,
            `field "${item.name}" is not a field of ${c.type} ${version.version}; the component ignores it.`,
            `Remove it or fix the name.${didYouMean(item.name, fields.names())}`,
          ),
        ];
      }
      if (field.deprecated) {
        return [
          finding('component-deprecated-field', 'warning', c, item.path, `field "${item.name}" of ${c.type} is deprecated upstream.`, 'Check the component documentation for its replacement.'),
        ];
      }
      return [];
    }),
  );

/** Why an inline value does not fit the field, or undefined when it does. */
function valueProblem(field: FieldFacts, text: string): { severity: Severity; expected: string } | undefined {
  if (text === '') return undefined; // empty means "use the default" to the runtime
  if (field.allowedValues) {
    const ok = field.allowedValues.some((v) => v.toLowerCase() === text.toLowerCase());
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

export const componentFieldValues: Check = (manifests) =>
  catalogued(componentsOf(manifests)).flatMap(({ component: c, fields }) =>
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

export const componentSensitivePlaintext: Check = (manifests) =>
  catalogued(componentsOf(manifests)).flatMap(({ component: c, fields }) => {
    const acknowledged = new Set([...c.plaintextOk].map((n) => n.toLowerCase()));
    return c.items.flatMap((item) => {
      const field = item.name !== undefined ? fields.get(item.name) : undefined;
      const text = inlineText(item) ?? (item.hasValue ? JSON.stringify(item.value) : undefined);
      if (!field?.sensitive || text === undefined || text === '' || acknowledged.has(item.name!.toLowerCase())) return [];
      return [
        finding(
          'component-sensitive-plaintext',
          'error',
          c,
          item.path,
          `sensitive field "${item.name}" holds a plaintext value (${redacted(text)}).`,
          `Reference a secret instead: secretKeyRef {name, key} in YAML, SecretValue.fromSecret(name, key) in daprkit.`,
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
