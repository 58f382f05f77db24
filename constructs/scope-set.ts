/**
 * The `scopes` of a Dapr resource (Component, Subscription, HTTPEndpoint): the app-ids allowed to
 * load it. Rendered sorted and unique so the output does not depend on call order.
 */
import { IConstruct } from 'constructs';
import { dnsLabelProblem } from '../checks/formats';
import { reportProblem } from './errors';
import { IDaprApp } from './refs';

export class ScopeSet {
  private readonly ids = new Set<string>();

  /** @param owner the resource, for error messages; @param namespace where the resource lives. */
  constructor(
    private readonly owner: IConstruct,
    private readonly namespace: string,
  ) {}

  /**
   * Adds an app (which must run in the resource's namespace) or an app-id. A bad one is recorded
   * on the owner (reported at synth) and left out of the scopes.
   */
  public add(app: IDaprApp | string): void {
    if (typeof app === 'string') {
      const problem = dnsLabelProblem(app);
      if (problem) {
        reportProblem(this.owner, 'scopes', app, 'an app-id (a DNS label)', `${problem}; pass the app's dapr.io/app-id.`);
        return;
      }
      this.ids.add(app);
      return;
    }
    if (app.namespace !== this.namespace) {
      reportProblem(
        this.owner,
        'scopes',
        `${app.namespace}/${app.appId}`,
        `an app in namespace "${this.namespace}"`,
        'scopes name apps of the resource\'s own namespace; define the resource in the app\'s namespace.',
      );
      return;
    }
    this.ids.add(app.appId);
  }

  public get appIds(): string[] {
    return [...this.ids].sort();
  }

  /** The `scopes` list, or undefined (left out) when unscoped. */
  public render(): string[] | undefined {
    return this.ids.size > 0 ? this.appIds : undefined;
  }
}
