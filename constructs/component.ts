/**
 * Component: one Dapr component (`dapr.io/v1alpha1 Component`) — a state store, pub/sub, binding,
 * secret store, … — with typed metadata values and scopes derived from the apps that use it.
 * Typed factories per component type (`StateStore.redis`, `PubSub.kafka`, …) are generated on top.
 */
import { ApiObject, Chart, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { CUSTOM_TYPE_ANNOTATION, PLAINTEXT_OK_ANNOTATION } from '../checks/daprkit-annotations';
import { isDnsSubdomain } from '../checks/formats';
import { DEFAULT_NAMESPACE } from '../checks/manifest';
import { resourceName, SecretStoreRef, secretStoreName } from './dapr-resource';
import { goDuration } from './duration';
import { coverFinding, reportMessage, reportProblem } from './errors';
import type { BuildingBlock } from '../dapr/component-facts';
import { ComponentType } from './generated/component-types';
import { MetadataMap, plainTextSecretFields, renderMetadataItems } from './metadata-items';
import { IComponent, IDaprApp, importReference } from './refs';
import { ScopeSet } from './scope-set';

// Part of the Component API, defined next to the code that also serves Subscription / HttpEndpoint.
export { KUBERNETES_SECRET_STORE } from './dapr-resource';
export type { SecretStoreRef } from './dapr-resource';
export type { MetadataInput, MetadataMap } from './metadata-items';

/** Everything a Component takes besides its type and metadata (shared with the typed factories). */
export interface ComponentOptions {
  /**
   * `metadata.name`: the name apps address the component by. A DNS subdomain.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * @default - the chart's namespace, else `default`
   */
  readonly namespace?: string;
  /**
   * The apps allowed to load the component (`scopes`); more can be added with `addScope`.
   * @default - unscoped: every app in the namespace loads it (the checks warn)
   */
  readonly scopes?: ReadonlyArray<IDaprApp | string>;
  /**
   * The secret store that resolves the `secretKeyRef`s in the metadata (`auth.secretStore`).
   * @default - the built-in Kubernetes secret store (no `auth` section is written)
   */
  readonly secretStore?: SecretStoreRef;
  /**
   * How long the sidecar waits for the component to initialize (`spec.initTimeout`).
   * @default - the runtime's default
   */
  readonly initTimeout?: Duration;
  /**
   * Let the sidecar start even when the component fails to initialize (`spec.ignoreErrors`).
   * @default false
   */
  readonly ignoreErrors?: boolean;
}

export interface ComponentProps extends ComponentOptions {
  /** The component type (`spec.type`): a catalog constant such as `ComponentType.STATE_REDIS`, or `ComponentType.custom(...)`. */
  readonly type: ComponentType;
  /**
   * `spec.version`.
   * @default - the type's default version from the catalog (`v1` for custom types)
   */
  readonly version?: string;
  /**
   * Metadata fields: name → value. Values are rendered as strings; `SecretValue`s as `secretKeyRef`
   * or `envRef`. Fields the catalog marks sensitive must be `SecretValue`s (a check enforces it).
   * @default - no metadata
   */
  readonly metadata?: MetadataMap;
}

/** Options of `Component.fromName`. */
export interface ComponentImportOptions {
  /**
   * The type of the imported component (subscriptions, for example, need a pub/sub).
   * @default - unknown here: then `buildingBlock` must say what kind of component it is
   */
  readonly type?: ComponentType;
  /**
   * What kind of component it is, when its exact type is not known to this program (a pub/sub
   * another team defines, say): enough for a Subscription or a secret-store reference, not for a
   * middleware pipeline, which names the type. The reference's `componentType` is then
   * `<buildingBlock>.*`.
   * @default - the building block of `type`
   */
  readonly buildingBlock?: BuildingBlock;
  /**
   * @default - the chart's namespace, else `default`
   */
  readonly namespace?: string;
}

const COMPONENT = Symbol.for('daprkit.Component');

/** A Dapr Component. See the typed factories (`StateStore`, `PubSub`, …) for per-type metadata. */
export class Component extends Construct implements IComponent {
  /**
   * True for Component instances, including the typed subclasses, even across copies of the
   * library (where `instanceof` fails). Imports made with `fromName` are not Components.
   */
  public static isComponent(x: unknown): x is Component {
    return typeof x === 'object' && x !== null && COMPONENT in x;
  }

  /** A reference to a Component defined elsewhere (another chart, Helm, hand-written YAML). */
  public static fromName(scope: Construct, id: string, name: string, options: ComponentImportOptions): IComponent {
    const componentType = options.type?.specType ?? `${options.buildingBlock ?? 'unknown'}.*`;
    const ref = importReference(scope, id, { name, namespace: options.namespace, componentType });
    // Recorded on the reference (reported at synth); the name is kept, since it is all the reference is.
    if (!isDnsSubdomain(name)) reportProblem(ref, 'name', name, 'a DNS subdomain', 'use lower-case letters, digits, "-" and ".".');
    if ((options.type === undefined) === (options.buildingBlock === undefined)) {
      reportProblem(ref, 'type/buildingBlock', options.type?.specType ?? options.buildingBlock, 'exactly one of `type` or `buildingBlock`', 'give the type when you know it, else its building block.');
    }
    return ref;
  }

  public readonly name: string;
  public readonly namespace: string;
  /** `spec.type`, e.g. `state.redis`. */
  public readonly componentType: string;
  public readonly type: ComponentType;
  /** `spec.version`. */
  public readonly version: string;
  /** Escape hatch: the underlying cdk8s object (e.g. for `addJsonPatch`). */
  public readonly apiObject: ApiObject;

  private readonly scopeSet: ScopeSet;

  constructor(scope: Construct, id: string, props: ComponentProps) {
    super(scope, id);
    Object.defineProperty(this, COMPONENT, { value: true });

    this.name = resourceName(this, props.name);
    this.namespace = props.namespace ?? Chart.of(this).namespace ?? DEFAULT_NAMESPACE;
    this.type = props.type;
    this.componentType = props.type.specType;
    this.version = props.version ?? props.type.defaultVersion;
    if (!/^v\d+/.test(this.version)) {
      reportProblem(this, 'version', this.version, 'a component version such as "v1"', 'omit `version` to use the catalog default.');
      this.version = props.type.defaultVersion;
    }
    const secretStore = secretStoreName(this, props.secretStore, this.namespace);
    this.scopeSet = new ScopeSet(this, this.namespace);
    for (const app of props.scopes ?? []) this.addScope(app);

    // A value that cannot be rendered is reported at synth and its item left out.
    const metadataItems = renderMetadataItems(props.metadata, (field, error) => {
      reportMessage(this, `metadata: ${error.message}`);
      // A required field left out would be reported again as missing.
      coverFinding(this, 'component-required-field', `spec.metadata[name=${field}]`);
    });
    const plaintextOk = plainTextSecretFields(props.metadata);
    const annotations: Record<string, string> = {
      ...(props.type.isCustom ? { [CUSTOM_TYPE_ANNOTATION]: 'true' } : {}),
      ...(plaintextOk.length > 0 ? { [PLAINTEXT_OK_ANNOTATION]: plaintextOk.join(',') } : {}),
    };

    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: this.name,
        namespace: props.namespace,
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      },
      ...(secretStore !== undefined ? { auth: { secretStore } } : {}),
      scopes: Lazy.any({ produce: () => this.scopeSet.render() }),
      spec: {
        type: this.componentType,
        version: this.version,
        // The CRD requires the list, even when empty.
        metadata: metadataItems,
        ...(props.initTimeout !== undefined ? { initTimeout: goDuration(props.initTimeout) } : {}),
        ...(props.ignoreErrors !== undefined ? { ignoreErrors: props.ignoreErrors } : {}),
      },
    });
  }

  /** The app-ids allowed to load this component, sorted; empty when unscoped. */
  public get scopes(): string[] {
    return this.scopeSet.appIds;
  }

  /** Allows one more app to load the component (`DaprApp.uses` calls this). Adding twice is harmless. */
  public addScope(app: IDaprApp | string): void {
    this.scopeSet.add(app);
  }
}
