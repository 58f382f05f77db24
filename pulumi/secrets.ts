/**
 * Pulumi secret outputs for the tree's `secretKeyRef`s: each becomes a Kubernetes Secret created
 * through Pulumi, its values marked secret so state and previews never show them. The Component
 * keeps only the reference (`SecretValue.fromSecret(name, key)`), never the plaintext.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

/** A Kubernetes Secret to create from Pulumi values. */
export interface SecretData {
  /** The Secret's name, the one `SecretValue.fromSecret(name, key)` refers to. */
  readonly name: string;
  /** @default 'default' */
  readonly namespace?: string;
  /** Key → value; plain inputs are made secret too. */
  readonly data: Readonly<Record<string, pulumi.Input<string>>>;
}

export function kubernetesSecret(prefix: string, s: SecretData, parent: pulumi.Resource): k8s.core.v1.Secret {
  const stringData = Object.fromEntries(Object.entries(s.data).map(([key, value]) => [key, pulumi.secret(value)]));
  return new k8s.core.v1.Secret(
    `${prefix}-secret-${s.namespace ?? 'default'}-${s.name}`.toLowerCase(),
    { metadata: { name: s.name, namespace: s.namespace ?? 'default' }, type: 'Opaque', stringData },
    { parent, additionalSecretOutputs: ['data', 'stringData'] },
  );
}
