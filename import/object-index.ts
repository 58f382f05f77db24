/**
 * The objects of a chart by apiVersion, kind and name, built once per chart so that a mapper
 * looking up a neighbour (a StatefulSet's governing Service, an app's ServiceAccount) does not scan
 * every object for every app: the import stays linear in its input.
 */
import { asRecord } from './metadata';
import { InputObject } from './model';

const indexes = new WeakMap<readonly InputObject[], Map<string, InputObject[]>>();

const key = (apiVersion: unknown, kind: unknown, name: unknown) => JSON.stringify([apiVersion, kind, name]);

/** The objects among `objects` with that apiVersion, kind and name, in input order. */
export function objectsNamed(objects: readonly InputObject[], apiVersion: string, kind: string, name: string): readonly InputObject[] {
  let index = indexes.get(objects);
  if (!index) {
    index = new Map();
    for (const o of objects) {
      const k = key(o.manifest.apiVersion, o.manifest.kind, asRecord(o.manifest.metadata)?.name);
      const list = index.get(k);
      if (list) list.push(o);
      else index.set(k, [o]);
    }
    indexes.set(objects, index);
  }
  return index.get(key(apiVersion, kind, name)) ?? [];
}
