/**
 * The lint settings `daprkit dev` leaves beside what it writes: a `.daprkit.yaml` with
 * `target: self-hosted`, so `cd <out> && npx daprkit lint resources config` judges the files by
 * daprd's disk-loader rules (the target `dapr run` reads them with), not by Kubernetes rules.
 *
 * It is the user's file as much as daprkit's: created when missing, `target: self-hosted` added to
 * one that sets no target, and one that sets another target, or that daprkit cannot read as
 * settings, kept as it is (the report says so, and how to lint instead). It is not written into
 * a folder that looks like a project root (`--out .` beside package.json): there it would switch
 * the lint of the project's Kubernetes manifests to the self-hosted rules.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readYamlValue } from '../checks/read-manifests';
import { asRecord } from '../checks/manifest';
import { DEFAULT_CONFIG_FILE } from './config';
import { PlannedFile } from './safe-write';

export const LINT_CONFIG_FILE = DEFAULT_CONFIG_FILE;

/** Files that mark a project root, where a `.daprkit.yaml` would apply to more than the local run's files. */
const PROJECT_MARKERS = ['package.json', 'cdk8s.yaml', 'Pulumi.yaml', '.git'];

/** True when the output folder looks like a project root (see the module comment). */
export function isProjectRoot(out: string): boolean {
  return PROJECT_MARKERS.some((marker) => fs.existsSync(path.join(out, marker)));
}

/** What the merge found in an existing file, for the report. */
export interface LintConfigOutcome {
  /** Why an existing file was kept as it is; undefined when it was written or merged. */
  kept?: string;
  /** True when the resources will not be linted as self-hosted from the folder without `--target`. */
  needsTarget?: boolean;
}

const CONTENT = [
  '# daprkit lint settings for this folder (written by `daprkit dev`): daprd reads these files from',
  '# disk under `dapr run`, so `npx daprkit lint resources config` here lints them by its rules.',
  'target: self-hosted',
  '',
].join('\n');

/** The planned `.daprkit.yaml`; `outcome` learns what the writer found in an existing one. */
export function lintConfigFile(outcome: LintConfigOutcome): PlannedFile {
  const merge = (existing: string): string | undefined => {
    const read = readYamlValue(existing, LINT_CONFIG_FILE);
    const settings = read.findings.length > 0 ? undefined : read.value === null || read.value === undefined ? {} : asRecord(read.value);
    if (!settings) {
      outcome.kept = 'daprkit cannot read it as settings; lint these resources with --target self-hosted';
      outcome.needsTarget = true;
      return undefined;
    }
    const hasTarget = Object.prototype.hasOwnProperty.call(settings, 'target');
    const target = hasTarget ? settings.target : undefined;
    if (target === 'self-hosted') {
      outcome.kept = 'it already sets target: self-hosted';
      return undefined;
    }
    if (hasTarget) {
      outcome.kept = `it sets target: ${typeof target === 'string' ? target : JSON.stringify(target)}; lint these resources with --target self-hosted`;
      outcome.needsTarget = true;
      return undefined;
    }
    return `${existing}${existing === '' || existing.endsWith('\n') ? '' : '\n'}target: self-hosted\n`;
  };
  return { path: LINT_CONFIG_FILE, content: CONTENT, policy: { merge } };
}
