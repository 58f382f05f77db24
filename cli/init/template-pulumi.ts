/**
 * The Pulumi engine's files of a new project (`--engine pulumi`): `index.ts` deploys the same
 * `buildSystem` that main.ts synthesizes, through `DaprSystem` from `daprkit/pulumi`; `Pulumi.yaml`
 * declares the secrets it reads; `index.test.ts` runs it under `pulumi.runtime.setMocks`, so it is
 * tested without the Pulumi CLI or a cluster.
 */
import { SystemTemplate } from './template-systems';

/** Pulumi config keys are `<project>:<key>`; the project name is a slug, so it can go in source as is. */
export function pulumiIndex(template: SystemTemplate): string {
  const secrets = template.secrets
    .map((s) => `    { name: '${s.name}', data: { '${s.key}': config.requireSecret('${s.configKey}') } },`)
    .join('\n');
  return `/**
 * \`pulumi up\` deploys the system of system.ts (the same constructs \`npm run synth\` writes to
 * dist/, checked the same way). Set the secrets first: ${template.secrets.map((s) => `pulumi config set --secret ${s.configKey} <value>`).join('; ')}.
 */
import * as pulumi from '@pulumi/pulumi';
import { DaprSystem } from 'daprkit/pulumi';
import { buildSystem } from './system';

const config = new pulumi.Config();

const system = new DaprSystem('dapr', {
  system: buildSystem,
  // The Components refer to these Secrets by name; the values stay secret in Pulumi's state.
  secrets: [
${secrets}
  ],
});

export const appIds = system.appIds;
`;
}

export function pulumiYaml(projectName: string, template: SystemTemplate): string {
  const config = template.secrets.map((s) => `  ${s.configKey}:\n    type: string\n    secret: true`).join('\n');
  return `name: ${projectName}
description: A Dapr system on Kubernetes, deployed with daprkit's Pulumi engine
runtime:
  name: nodejs
  options:
    typescript: true
config:
${config}
`;
}

export function pulumiTest(projectName: string, template: SystemTemplate): string {
  const configEntries = template.secrets.map((s) => `  '${projectName}:${s.configKey}': 'not-a-real-${s.configKey}',`).join('\n');
  return `/**
 * The Pulumi program under Pulumi's mocks (no Pulumi CLI, no cluster): what it registers, and
 * that secret values reach Kubernetes Secrets only, never a Component.
 */
import * as pulumi from '@pulumi/pulumi';
import { beforeAll, describe, expect, test } from 'vitest';

interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: any;
}

const registered: Registered[] = [];
const config: Record<string, string> = {
${configEntries}
};
let program: typeof import('./index');

beforeAll(async () => {
  pulumi.runtime.setAllConfig(config, Object.keys(config));
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: \`\${args.name}-id\`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    '${projectName}',
    'test',
    false,
  );
  program = await import('./index'); // after the mocks, as Pulumi's testing guide asks
  await pulumi.runtime.disconnect(); // returns once every registration has reached the mocks
});

const valueOf = <T>(output: pulumi.Output<T>): Promise<T> => new Promise((resolve) => output.apply(resolve));

describe('the Pulumi program', () => {
  test('exports the app-ids of the system', async () => {
    expect([...(await valueOf(program.appIds))].sort()).toEqual(${JSON.stringify(template.appIds)});
  });

  test('registers the Deployments and the Dapr objects as Kubernetes resources', () => {
    const types = new Set(registered.map((r) => r.type));
    expect(types).toContain('kubernetes:apps/v1:Deployment');
    expect(types).toContain('kubernetes:dapr.io/v1alpha1:Component');
    expect(registered.filter((r) => r.type === 'kubernetes:apps/v1:Deployment').map((r) => r.inputs.metadata.name).sort()).toEqual(${JSON.stringify(template.appIds)});
  });

  test('secret values go into Kubernetes Secrets only', () => {
    const secrets = registered.filter((r) => r.type === 'kubernetes:core/v1:Secret');
    expect(secrets.map((s) => s.inputs.metadata.name).sort()).toEqual(${JSON.stringify([...new Set(template.secrets.map((s) => s.name))].sort())});
    const elsewhere = JSON.stringify(registered.filter((r) => r.type !== 'kubernetes:core/v1:Secret').map((r) => r.inputs));
    for (const value of Object.values(config)) expect(elsewhere).not.toContain(value);
  });
});
`;
}
