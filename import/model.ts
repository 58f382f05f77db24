/**
 * What the importer works with: the input objects with where they were read, the units of code it
 * writes for them (one construct, or a raw object, per unit), and the report it gives.
 */
import { Manifest } from '../checks/types';
import { Expr, Statement } from './ir';

/** One input object and where it was read. */
export interface InputObject {
  readonly manifest: Manifest;
  /** The file (or `-`, or `git:` path) it was read from. */
  readonly source: string;
  /** The line its document starts on. */
  readonly line: number;
  /** `Kind/namespace/name`, as the checks name it. */
  readonly resource: string;
  /** Position in the input: ties the object to its unit even when two objects share a resource id. */
  readonly index: number;
}

/** The code for one or more input objects (a DaprApp writes a Deployment and its Service). */
export interface Unit {
  /** The input objects the unit reproduces (none for code that only wires others, e.g. invocations). */
  readonly objects: readonly InputObject[];
  /** For a unit without objects: the input index of the unit it belongs to. */
  readonly owner?: number;
  /** The construct class the report names (`DaprApp`, `StateStore.redis`, `ApiObject`). */
  readonly as: string;
  /** Why the object is a raw ApiObject (or a typed construct with a plain part), for the report. */
  readonly reason?: string;
  /** The variable holding the construct, when other code refers to it. */
  readonly variable?: string;
  /** Statements that create it. */
  readonly statements: Statement[];
  /** For each object (by input index), where its escape hatch goes: `<object>.<method>(...JSON patches)`. */
  readonly patchTargets: ReadonlyMap<number, PatchTarget>;
  /** For each object (by input index), an expression of the metadata that takes `daprkit.io/ignore`. */
  readonly metadataOf: ReadonlyMap<number, Expr>;
  /** The sort group of the unit inside its chart (declarations before their users). */
  readonly phase: Phase;
  /**
   * Findings the code itself carries explicitly (`check` and `field`, e.g. plaintext written with
   * `SecretValue.unsafePlainText`): reported as suppressed, but not put in `daprkit.io/ignore`.
   */
  readonly covered?: ReadonlySet<string>;
}

/** The key of a finding in `Unit.covered`. */
export function coveredKey(check: string, field: string): string {
  return `${check}\u0000${field}`;
}

/** The call that takes JSON patches for one object (`apiObject.addJsonPatch`, `app.patchWorkload`). */
export interface PatchTarget {
  readonly object: Expr;
  readonly method: string;
}

/** Order of units in a chart: what others refer to first. */
export enum Phase {
  CONFIGURATION = 0,
  COMPONENT = 1,
  ENDPOINT = 2,
  APP = 3,
  /** Access-control policies and invocation edges, which name apps. */
  INVOCATION = 4,
  SUBSCRIPTION = 5,
  RESILIENCY = 6,
  CONTROL_PLANE = 7,
  OTHER = 8,
}

/** One object of the report. */
export interface ReportObject {
  readonly resource: string;
  readonly file: string;
  readonly line: number;
  /** The construct class, or `ApiObject`. */
  readonly as: string;
  /** A Dapr resource, a Dapr-enabled workload or the control plane's release. */
  readonly dapr: boolean;
  /** Why it is a raw object or has escape hatches. */
  readonly reason?: string;
}

export interface ReportSkipped {
  readonly file: string;
  readonly line?: number;
  readonly reason: string;
}

export interface ReportSuppressed {
  readonly resource: string;
  readonly check: string;
  readonly message: string;
}

export interface ImportReport {
  readonly objects: ReportObject[];
  readonly skipped: ReportSkipped[];
  readonly suppressed: ReportSuppressed[];
}

/** The key of a unit: the input index of its first object, or of the unit it belongs to. */
export function unitKey(unit: Unit): number {
  return unit.objects[0]?.index ?? unit.owner!;
}
