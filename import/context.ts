/**
 * What every mapper sees while it writes the code of one object: the chart the object lands in
 * (with its variable and construct-id pools) and what the rest of the system declares there, so a
 * reference becomes a variable when the other side is a construct of the same chart and a plain
 * name otherwise.
 */
import { Expr } from './ir';
import { InputObject } from './model';
import { IdentifierPool } from './source-text';

/** A typed construct other code may refer to. */
export interface Declared {
  readonly variable: string;
  readonly object: InputObject;
}

/** A DaprApp or DaprJob of the chart, by app-id. */
export interface DeclaredApp extends Declared {
  /** `DaprApp` or `DaprJob`. */
  readonly construct: string;
}

/** A typed Component other code may refer to. */
export interface DeclaredComponent extends Declared {
  /** `spec.type`. */
  readonly specType: string;
  /** The app-ids in its `scopes`: the DaprApps among them say so with `uses`. */
  readonly scopes: readonly string[];
}

/** Construct ids that are unique among the chart's children. */
export class ConstructIds {
  private readonly taken = new Set<string>();

  /**
   * The object's name when free, else the name with the kind, then a number. Names of
   * `Object.prototype` (`toString`, `constructor`) are never ids: the constructs library keeps
   * children in a plain object and takes them for an existing child.
   */
  public take(name: string, kind: string): string {
    const base = name === '' ? kind.toLowerCase() : name;
    for (const candidate of [base, `${base}-${kind.toLowerCase()}`]) {
      if (!this.taken.has(candidate) && !(candidate in Object.prototype)) {
        this.taken.add(candidate);
        return candidate;
      }
    }
    for (let n = 2; ; n++) {
      const candidate = `${base}-${kind.toLowerCase()}-${n}`;
      if (!this.taken.has(candidate)) {
        this.taken.add(candidate);
        return candidate;
      }
    }
  }
}

/** One chart of the program: the objects of one namespace (or those that name none). */
export interface ChartContext {
  /** The namespace every object of the chart has, or undefined for objects without one. */
  readonly namespace?: string;
  /** The namespace Dapr sees for these objects (`default` when none is written). */
  readonly daprNamespace: string;
  readonly variables: IdentifierPool;
  readonly ids: ConstructIds;
  /** DaprApps the chart will hold, by app-id: decided before any code is written, so Components can scope them by variable. */
  readonly apps: Map<string, DeclaredApp>;
  readonly components: Map<string, DeclaredComponent>;
  /** The Components each app-id is in the scopes of, in declaration order (so an app's `uses` is one lookup). */
  readonly componentsByScope: Map<string, DeclaredComponent[]>;
  readonly configurations: Map<string, Declared>;
  /** The app-ids of the DaprApps loading each Configuration (by name). */
  readonly configurationUsers: Map<string, string[]>;
}

/** What a mapper needs besides the object. */
export interface MapContext {
  readonly chart: ChartContext;
  /** Objects forced to stay raw (by input index), with the reason. */
  readonly raw: ReadonlyMap<number, string>;
  /** All input objects of the chart, for mappers that look at neighbours (a Deployment's Service). */
  readonly neighbours: readonly InputObject[];
  /** Input indexes already written by another unit (a Service a DaprApp took). */
  readonly claimed: Set<number>;
  /** True when lint has findings on the object (what folds into another construct must have none: its suppression has nowhere to go). */
  readonly hasFindings: (object: InputObject) => boolean;
}

/** `variable` when the app is a DaprApp of this chart, else `DaprApp.fromAppId(...)`-like fallbacks are up to the caller. */
export function appVariable(ctx: MapContext, appId: string): Expr | undefined {
  const app = ctx.chart.apps.get(appId);
  return app && { kind: 'ref', name: app.variable };
}
