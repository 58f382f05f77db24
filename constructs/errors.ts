/** Errors for construct-local misuse, thrown at once from constructors and methods. */
import { IConstruct } from 'constructs';

/**
 * An error that names the construct path, the property, the value received, what was expected
 * and how to fix it, e.g.
 * `[todo/todo-api] appPort: received 70000, expected a port from 1 to 65535. Fix: use the port the app listens on.`
 */
export function propError(scope: IConstruct, prop: string, received: unknown, expected: string, fix: string): Error {
  return new Error(`[${scope.node.path}] ${prop}: received ${JSON.stringify(received)}, expected ${expected}. Fix: ${fix}`);
}
