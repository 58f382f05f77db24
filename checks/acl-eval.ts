/**
 * Dapr's service-invocation access-control semantics, re-implemented over plain manifests so a
 * check can tell whether an `invokes` edge would get through. Mirrors daprd (pkg/acl and the
 * operation trie in pkg/config) as of 1.18:
 * - no `accessControl`, or one with no trust domain, no default action and no policies: allow all;
 * - global `defaultAction` missing: deny when `policies` is absent or non-empty, allow when it is an
 *   empty list;
 * - a policy applies when app-id and namespace match and its trust domain equals the caller's;
 *   its own `defaultAction` (when set) then replaces the global one;
 * - operations: path segments matched in rule order, `*` globbing inside one segment, a `/*` rule
 *   matching one last segment, `/**` matching any depth, and a rule on a prefix (`/a`) also
 *   covering deeper paths (`/a/b`); HTTP paths are compared lower-cased;
 * - HTTP apps: the verb's action, else `*`'s, else the default; gRPC apps: the rule's action.
 * Not mirrored: URL normalisation of the incoming path (dot segments, duplicate slashes).
 */
import { asArray, asRecord } from './manifest';

import { DEFAULT_TRUST_DOMAIN } from '../dapr/defaults';

export { DEFAULT_TRUST_DOMAIN };

/** Every verb Dapr's HTTP extension knows; an edge without verbs uses all of them. */
export const ALL_HTTP_VERBS: readonly string[] = ['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE'];

interface OperationRule {
  readonly name: string;
  readonly verbActions: ReadonlyMap<string, string>;
  readonly action: string;
}

interface TrieNode {
  readonly segment: string;
  rule?: OperationRule;
  readonly children: TrieNode[];
}

/** Glob where `*` matches any run of characters (the pattern is one `/segment`). */
function globMatch(target: string, pattern: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
  return re.test(target);
}

/** The first child that matches, in insertion order, the way Dapr's trie picks one. */
function matchChild(children: readonly TrieNode[], target: string, isEnd: boolean): TrieNode | undefined {
  for (const child of children) {
    if (child.segment === target) return child;
    if (child.segment === '/*') {
      if (isEnd) return child;
      continue;
    }
    if (child.segment === '/**') return child;
    if (globMatch(target, child.segment)) return child;
  }
  return undefined;
}

class OperationTrie {
  private readonly root: TrieNode = { segment: '/', children: [] };

  public put(rule: OperationRule): void {
    const parts = rule.name.split('/').slice(1);
    let node = this.root;
    parts.forEach((part, i) => {
      const segment = `/${part}`;
      let child = node.children.find((c) => c.segment === segment);
      if (!child) {
        child = { segment, children: [] };
        node.children.push(child);
      }
      // The first rule for a path wins; later duplicates are ignored.
      if (i === parts.length - 1 && !child.rule) child.rule = rule;
      node = child;
    });
  }

  public search(path: string): OperationRule | undefined {
    const parts = path.split('/').slice(1);
    let node: TrieNode | undefined = this.root;
    for (let i = 0; i < parts.length; i++) {
      const isEnd = i === parts.length - 1;
      node = matchChild(node.children, `/${parts[i]}`, isEnd);
      if (!node) return undefined;
      if (node.rule) {
        const singleWildcard = node.segment.endsWith('/*') && !node.segment.endsWith('/**');
        if (!isEnd && singleWildcard) continue;
        return node.rule;
      }
      if (isEnd) return matchChild(node.children, '/*', true)?.rule;
    }
    return undefined;
  }
}

interface PolicyView {
  readonly index: number;
  readonly trustDomain: string;
  readonly defaultAction: string;
  readonly operations: OperationTrie;
}

/** A parsed access-control section. */
export interface AccessControlView {
  readonly defaultAction: string;
  readonly trustDomain: string;
  /** Keyed by `appId||namespace`. */
  readonly policies: ReadonlyMap<string, PolicyView>;
}

export type AppProtocolFamily = 'http' | 'grpc' | 'other';

/** `dapr.io/app-protocol` → how access control treats it. */
export function protocolFamily(appProtocol: string | undefined): AppProtocolFamily {
  const p = (appProtocol ?? 'http').toLowerCase();
  if (p === 'http' || p === 'https' || p === 'h2c') return 'http';
  if (p === 'grpc' || p === 'grpcs') return 'grpc';
  return 'other';
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Parses `spec.accessControl`; undefined means no access control (every call allowed). Invalid policies are skipped (another check reports them). */
export function parseAccessControl(section: unknown, family: AppProtocolFamily): AccessControlView | undefined {
  const ac = asRecord(section);
  if (!ac) return undefined;
  const rawPolicies = ac.policies;
  const policyList = asArray(rawPolicies);
  if (!str(ac.trustDomain) && !str(ac.defaultAction) && policyList.length === 0) return undefined;
  let defaultAction = str(ac.defaultAction).toLowerCase();
  if (!defaultAction) defaultAction = Array.isArray(rawPolicies) && rawPolicies.length === 0 ? 'allow' : 'deny';
  const policies = new Map<string, PolicyView>();
  policyList.forEach((raw, index) => {
    const p = asRecord(raw);
    if (!p || !str(p.appId) || !str(p.namespace) || !str(p.trustDomain)) return;
    const trie = new OperationTrie();
    for (const rawOp of asArray(p.operations)) {
      const op = asRecord(rawOp);
      if (!op || !str(op.name)) continue;
      let name = str(op.name).startsWith('/') ? str(op.name) : `/${str(op.name)}`;
      if (family === 'http') name = name.toLowerCase();
      const action = str(op.action);
      trie.put({ name, action, verbActions: new Map(asArray(op.httpVerb).filter((v): v is string => typeof v === 'string').map((v) => [v, action])) });
    }
    policies.set(`${str(p.appId)}||${str(p.namespace)}`, { index, trustDomain: str(p.trustDomain), defaultAction: str(p.defaultAction), operations: trie });
  });
  return { defaultAction, trustDomain: str(ac.trustDomain) || DEFAULT_TRUST_DOMAIN, policies };
}

export interface CallerIdentity {
  readonly appId: string;
  readonly namespace: string;
  readonly trustDomain: string;
}

export interface Decision {
  readonly allowed: boolean;
  /** Index of the caller's policy when one applied. */
  readonly policyIndex?: number;
  /** Why, in words, for the finding. */
  readonly reason: string;
}

/** Decides one call; `verb` is ignored for non-HTTP apps. */
export function decide(acl: AccessControlView | undefined, caller: CallerIdentity, path: string, verb: string, family: AppProtocolFamily): Decision {
  if (!acl) return { allowed: true, reason: 'no access control' };
  const global = `the global defaultAction "${acl.defaultAction}"`;
  const policy = acl.policies.get(`${caller.appId}||${caller.namespace}`);
  if (!policy) return { allowed: isAllow(acl.defaultAction), reason: `no policy names app-id "${caller.appId}" in namespace "${caller.namespace}", so ${global} applies` };
  if (policy.trustDomain !== caller.trustDomain) {
    return {
      allowed: isAllow(acl.defaultAction),
      policyIndex: policy.index,
      reason: `the caller's policy expects trust domain "${policy.trustDomain}" but the caller's is "${caller.trustDomain}", so ${global} applies`,
    };
  }
  let action = acl.defaultAction;
  let reason = global;
  if (policy.defaultAction) {
    action = policy.defaultAction;
    reason = `the policy's defaultAction "${policy.defaultAction}"`;
  }
  let op = path.startsWith('/') ? path : `/${path}`;
  if (family === 'http') op = op.toLowerCase();
  const rule = policy.operations.search(op);
  if (rule) {
    if (family === 'http') {
      const verbAction = rule.verbActions.get(verb) ?? rule.verbActions.get('*');
      if (verbAction !== undefined) {
        action = verbAction;
        // Reasons never name the verb, so the check can report all verbs denied for one reason together.
        reason = `operation "${rule.name}" says "${verbAction}"`;
      } else {
        reason = `operation "${rule.name}" lists other verbs only (${[...rule.verbActions.keys()].join(', ')}), so ${reason} applies`;
      }
    } else if (family === 'grpc') {
      action = rule.action;
      reason = `operation "${rule.name}" says "${rule.action}"`;
    }
  } else {
    reason = `no operation matches ${path}, so ${reason} applies`;
  }
  return { allowed: isAllow(action), policyIndex: policy.index, reason };
}

function isAllow(action: string): boolean {
  return action.toLowerCase() === 'allow';
}

/** Placeholder segment for an edge's wildcard: only wildcard rules can match it. */
const ANY_SEGMENT = '\u0001any';

/**
 * Concrete probe paths standing for an edge path that may contain `*` / `**` segments: a rule set
 * allows the edge only if it allows every probe (`**` is probed at depth 0 when it has a prefix, 1 and 2).
 */
export function probePaths(path: string): string[] {
  const segments = path.split('/').slice(1);
  const multi = segments.indexOf('**');
  const single = segments.map((s) => (s.includes('*') && s !== '**' ? ANY_SEGMENT : s));
  if (multi < 0) return [`/${single.join('/')}`];
  const prefix = single.slice(0, multi);
  const probes = [1, 2].map((depth) => `/${[...prefix, ...Array(depth).fill(ANY_SEGMENT)].join('/')}`);
  return prefix.length ? [`/${prefix.join('/')}`, ...probes] : probes;
}
