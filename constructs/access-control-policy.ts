/**
 * The `accessControl` section of a Dapr Configuration as typed values, and its rendering. Shared by
 * `Configuration` (hand-written policies) and `AccessControl` (policies compiled from the
 * invocation graph), which both feed the same section.
 */
import { DEFAULT_TRUST_DOMAIN } from '../dapr/defaults';
import type { HttpVerb } from './refs';
import { Json } from './configuration-sections';

// The checks evaluate policies with the same default; one constant serves both.
export { DEFAULT_TRUST_DOMAIN };

/** What happens to a call a rule matches. */
export enum AccessAction {
  ALLOW = 'allow',
  DENY = 'deny',
}

/** One operation rule of a caller's policy. */
export interface AccessControlOperation {
  /** Path on the called app, e.g. `/notify`; `*` matches within one segment, a trailing `/**` any depth. */
  readonly path: string;
  /**
   * HTTP verbs the rule covers (ignored for gRPC apps).
   * @default - every verb (`*`)
   */
  readonly verbs?: readonly HttpVerb[];
  /**
   * What the rule does with a matching call.
   * @default AccessAction.ALLOW
   */
  readonly action?: AccessAction;
}

/** A caller's policy in a callee's Configuration. */
export interface AccessControlPolicy {
  /** The calling app's app-id. */
  readonly appId: string;
  /** The calling app's namespace. */
  readonly namespace: string;
  /**
   * The calling app's trust domain (the one its own Configuration declares).
   * @default 'public'
   */
  readonly trustDomain?: string;
  /**
   * Action for the caller's calls no operation matches.
   * @default AccessAction.DENY
   */
  readonly defaultAction?: AccessAction;
  /**
   * Operation rules.
   * @default - none: `defaultAction` decides every call
   */
  readonly operations?: readonly AccessControlOperation[];
}

/** Settings of the section itself. */
export interface AccessControlSettings {
  /**
   * Action for callers that no policy names.
   * @default AccessAction.DENY
   */
  readonly defaultAction?: AccessAction;
  /**
   * Trust domain of the apps loading this Configuration (part of their SPIFFE identity).
   * @default 'public'
   */
  readonly trustDomain?: string;
}

/** What a contributor (the invocation graph) adds to a Configuration's access control, computed at synth. */
export interface AccessControlContribution {
  /**
   * Trust domain of the apps loading the Configuration.
   * @default - the Configuration's own, else 'public'
   */
  readonly trustDomain?: string;
  /** Allow policies, one or more per caller; merged by caller. */
  readonly policies: readonly AccessControlPolicy[];
}

/** Something that derives access-control policies for a Configuration when it is synthesized. */
export interface IAccessControlContributor {
  /** The contribution, or undefined when the Configuration needs no access control from it. */
  contributionFor(configurationName: string, namespace: string): AccessControlContribution | undefined;
}

export function policyKey(p: { appId: string; namespace: string }): string {
  return `${p.namespace}/${p.appId}`;
}

/** Verbs of an operation as rendered: sorted, or `['*']` for every verb. */
function renderVerbs(verbs: ReadonlySet<string> | '*'): string[] {
  return verbs === '*' ? ['*'] : [...verbs].sort();
}

/**
 * Merges operations that share a path and action (union of their verbs); output sorted by path,
 * then action. Dapr keeps only the first rule per path, so a path with rules of both actions is an
 * error the caller must avoid (see `conflictingPaths`).
 */
export function mergeOperations(ops: readonly AccessControlOperation[]): Json[] {
  const merged = new Map<string, { path: string; action: AccessAction; verbs: Set<string> | '*' }>();
  for (const op of ops) {
    const action = op.action ?? AccessAction.ALLOW;
    const key = `${op.path}\u0000${action}`;
    const entry = merged.get(key) ?? { path: op.path, action, verbs: new Set<string>() };
    if (!op.verbs || op.verbs.length === 0 || entry.verbs === '*') entry.verbs = '*';
    else for (const v of op.verbs) entry.verbs.add(v);
    merged.set(key, entry);
  }
  return [...merged.values()]
    .sort((a, b) => compare(a.path, b.path) || compare(a.action, b.action))
    .map((e) => ({ name: e.path, httpVerb: renderVerbs(e.verbs), action: e.action }));
}

/** Paths that carry rules with different actions. */
export function conflictingPaths(ops: readonly AccessControlOperation[]): string[] {
  const actions = new Map<string, Set<string>>();
  for (const op of ops) {
    const set = actions.get(op.path) ?? new Set<string>();
    set.add(op.action ?? AccessAction.ALLOW);
    actions.set(op.path, set);
  }
  return [...actions.entries()].filter(([, set]) => set.size > 1).map(([path]) => path).sort();
}

export function renderPolicy(p: AccessControlPolicy): Json {
  const operations = mergeOperations(p.operations ?? []);
  return {
    appId: p.appId,
    namespace: p.namespace,
    trustDomain: p.trustDomain ?? DEFAULT_TRUST_DOMAIN,
    defaultAction: p.defaultAction ?? AccessAction.DENY,
    ...(operations.length ? { operations } : {}),
  };
}

/** Code-point order, so output does not depend on the host's locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
