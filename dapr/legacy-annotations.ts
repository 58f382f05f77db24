/**
 * Pod annotations from before Dapr 1.0 and the annotations that replaced them. The injector of
 * Dapr 1.18 reads only the successors; a manifest carrying the old key runs without the setting.
 */
export const LEGACY_ANNOTATIONS: ReadonlyMap<string, string> = new Map([
  ['dapr.io/id', 'dapr.io/app-id'],
  ['dapr.io/port', 'dapr.io/app-port'],
  ['dapr.io/protocol', 'dapr.io/app-protocol'],
  ['dapr.io/profiling', 'dapr.io/enable-profiling'],
  ['dapr.io/max-concurrency', 'dapr.io/app-max-concurrency'],
]);

/** ` Did you mean "x"?` for a key: its successor when it is a legacy key, else `nearest`'s answer. */
export function successorHint(key: string): string | undefined {
  const successor = LEGACY_ANNOTATIONS.get(key);
  return successor && ` "${key}" is the pre-1.0 name of "${successor}"; use "${successor}".`;
}
