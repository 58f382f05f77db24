/**
 * The parts of `daprkit graph` for jobs, secret readers and in-code subscriptions: app labels that
 * say how a job runs, "reads secrets" edges to the stores, and topics delivered to apps that
 * subscribe in code.
 */
import { isDaprKind, namespaceOf, nameOf, PodView } from '../checks/manifest';
import { Manifest } from '../checks/types';
import { configurationsOf, inCodeSubscriptions, jobKind, secretReads } from './workload-views';

/** What `buildGraph` hands over: node ids and the adders. */
export interface GraphBuilder {
  nodeId(kind: 'app' | 'component' | 'topic', namespace: string, name: string): string;
  hasNode(id: string): boolean;
  addNode(node: { id: string; kind: 'app' | 'component' | 'topic'; label: string }): void;
  addEdge(edge: { from: string; to: string; label: string; dashed?: boolean }): void;
}

/** An app's label: the app-id, with how a job runs (`report (CronJob 0 2 * * *)`). */
export function appLabel(workload: Manifest, appId: string): string {
  const kind = jobKind(workload);
  return kind ? `${appId} (${kind})` : appId;
}

/** Secret reads and in-code subscriptions as edges. */
export function addWorkloadEdges(manifests: readonly Manifest[], apps: readonly { pod: PodView; appId: string; namespace: string }[], g: GraphBuilder): void {
  const configurations = configurationsOf(manifests);
  const components = new Set(manifests.filter((m) => isDaprKind(m, 'Component')).map((m) => `${namespaceOf(m)}/${nameOf(m)}`));
  for (const app of apps) {
    const appNode = g.nodeId('app', app.namespace, app.appId);
    for (const read of secretReads(app.pod, configurations)) {
      const store = g.nodeId('component', app.namespace, read.store);
      if (!components.has(`${app.namespace}/${read.store}`)) {
        if (read.store !== 'kubernetes') continue;
        g.addNode({ id: store, kind: 'component', label: 'kubernetes (built-in secret store)' });
      }
      g.addEdge({ from: appNode, to: store, label: read.keys ? `reads secrets ${read.keys.join(', ')}` : 'reads every secret' });
    }
    for (const s of inCodeSubscriptions(app.pod)) {
      const topic = g.nodeId('topic', app.namespace, `${s.pubsub}_${s.topic}`);
      g.addNode({ id: topic, kind: 'topic', label: s.topic });
      const pubsub = g.nodeId('component', app.namespace, s.pubsub);
      if (g.hasNode(pubsub)) g.addEdge({ from: pubsub, to: topic, label: 'carries' });
      g.addEdge({ from: topic, to: appNode, label: `delivers${s.route ? ` to ${s.route}` : ''} (subscribed in code)` });
    }
  }
}
