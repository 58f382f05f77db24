/**
 * Errors for construct-local misuse.
 *
 * Most mistakes are recorded, not thrown: `reportProblem` attaches the message to the construct as a
 * cdk8s validation, so synthesis reports every problem of the program at once (with the findings of
 * the checks, in one report). `propError` is kept for the places where the program cannot go on
 * with a sane value (e.g. a reference that cannot be resolved).
 */
import { IConstruct } from 'constructs';

/** `prop: received X, expected Y. Fix: Z` — the message without the construct path. */
export function problemMessage(prop: string, received: unknown, expected: string, fix: string): string {
  return `${prop}: received ${JSON.stringify(received)}, expected ${expected}. Fix: ${fix}`;
}

/**
 * An error that names the construct path, the property, the value received, what was expected
 * and how to fix it, e.g.
 * `[todo/todo-api] appPort: received 70000, expected a port from 1 to 65535. Fix: use the port the app listens on.`
 */
export function propError(scope: IConstruct, prop: string, received: unknown, expected: string, fix: string): Error {
  return new Error(`[${scope.node.path}] ${problemMessage(prop, received, expected, fix)}`);
}

/**
 * Records a problem on `scope` without stopping the program: it is reported, with the construct
 * path, when the app is synthesized (by `DaprkitApp` in its one report, by a plain cdk8s `App` in its
 * validation error). Use it wherever the construct can still produce sane output.
 */
export function reportProblem(scope: IConstruct, prop: string, received: unknown, expected: string, fix: string): void {
  const message = problemMessage(prop, received, expected, fix);
  scope.node.addValidation({ validate: () => [message] });
}

/** Records a problem already phrased in full (e.g. one rendered by a check). */
export function reportMessage(scope: IConstruct, message: string): void {
  scope.node.addValidation({ validate: () => [message] });
}

/** A finding a check would make on the object a construct synthesizes: its check id and field. */
export interface CoveredFinding {
  readonly check: string;
  readonly field: string;
}

const COVERED_FINDING = 'daprkit:covered-finding';

/**
 * Says that a problem recorded on `scope` is the same one check `check` would find at `field` of
 * the object `scope` synthesizes. Use it only where no sane value can stand in for the bad one
 * (an empty topic, a subscription left without routes): `DaprkitApp` then leaves that finding out,
 * so the mistake is reported once, by the construct, with its construct path.
 */
export function coverFinding(scope: IConstruct, check: string, field: string): void {
  scope.node.addMetadata(COVERED_FINDING, { check, field });
}

/** The findings `scope` declared covered (see `coverFinding`). */
export function coveredFindings(scope: IConstruct): CoveredFinding[] {
  return scope.node.metadata.filter((m) => m.type === COVERED_FINDING).map((m) => m.data as CoveredFinding);
}
