/**
 * Issue 16 §5, the reader's side: nothing is skipped silently. A document is skipped as a Helm
 * template only when its `{{ }}` actions break it as YAML; UTF-16 and UTF-32 files are decoded;
 * symbolic links in folders are followed (each file once, loops cut); and every file or document
 * that is skipped is a notice (`--format json`: `notices`, each with source, line and message).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { readManifests } from '../checks/read-manifests';
import { decodeText } from '../checks/text-encoding';
import { runCli, tempDir } from './support/cli';

interface LintJson {
  objects: number;
  findings: { check: string; file: string; line: number; message: string }[];
  notices: { source: string; line: number; message: string }[];
}

const lintJson = (args: string[], cwd?: string): { code: number | null; out: LintJson; stderr: string } => {
  const run = runCli(['lint', ...args, '--format', 'json'], { cwd });
  return { code: run.code, out: JSON.parse(run.stdout) as LintJson, stderr: run.stderr };
};

const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {mode: fast}\n';

describe('Helm templates: skipped only when template syntax breaks the YAML', () => {
  const prometheusRule = `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: dapr-alerts}
spec:
  groups:
  - name: dapr
    rules:
    - alert: DaprSidecarDown
      expr: up{job="dapr"} == 0
      annotations:
        summary: "Sidecar of {{ $labels.pod }} is down"
        description: >-
          {{ $labels.namespace }}/{{ $labels.pod }} has had no sidecar for 5 minutes.
`;
  const plaintextComponent = 'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: {name: statestore}\nspec:\n  type: state.redis\n  version: v1\n  metadata:\n  - {name: redisHost, value: "redis:6379"}\n  - {name: redisPassword, value: hunter2}\nscopes: [orders]\n';

  test('a PrometheusRule whose strings hold {{ $labels.pod }} is linted, and so is the Component beside it', () => {
    const dir = tempDir('daprkit-skips-');
    try {
      fs.writeFileSync(path.join(dir, 'monitoring.yaml'), `${prometheusRule}---\n${plaintextComponent}`);
      const { code, out } = lintJson([dir]);
      expect(out.objects).toBe(2);
      expect(out.notices).toEqual([]);
      expect(out.findings.filter((f) => f.check === 'component-sensitive-plaintext').map((f) => [path.basename(f.file), f.line])).toEqual([['monitoring.yaml', 15]]);
      expect(code).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  const templates = {
    'if/else around a key': '{{- if .Capabilities.APIVersions.Has "policy/v1" }}\napiVersion: policy/v1\n{{- else }}\napiVersion: policy/v1beta1\n{{- end }}\nkind: PodDisruptionBudget\nmetadata:\n  name: {{ .Release.Name }}-budget\n  labels:\n    {{- range $key, $value := .Values.labels }}\n    {{ $key }}: {{ $value | quote }}\n    {{- end }}\nspec:\n  minAvailable: 1\n',
    'include and toYaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "app.fullname" . }}\n  labels:\n    {{- include "app.labels" . | nindent 4 }}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        resources:\n{{ toYaml .Values.resources | indent 10 }}\n',
    'a bare value': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n',
  };

  test.each(Object.entries(templates))('a template (%s) is a notice at its document, and the other documents of the file are read', (_, template) => {
    const { manifests, findings, notices } = readManifests(`${CONFIGMAP}---\n${template}`, 'mixed.yaml');
    expect(findings).toEqual([]);
    expect(manifests.map((m) => m.manifest.metadata?.name)).toEqual(['settings']);
    expect(notices).toEqual([{ source: 'mixed.yaml', line: 6, message: 'skipped: a template ("{{ … }}" makes it invalid YAML), not a manifest; render it first (helm template, kustomize build).' }]);
  });

  test('a real syntax error in a document whose strings hold {{ }} stays a finding, not a notice', () => {
    const broken = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alerts\ndata:\n  summary: "{{ $labels.pod }} is down"\n  bad: indent\n   worse: here\n';
    const { findings, notices } = readManifests(broken, 'broken.yaml');
    expect(notices).toEqual([]);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]).toMatchObject({ check: 'yaml-syntax', field: 'line 7, column 8' });
  });
});

describe('encodings', () => {
  const yaml = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {greeting: "grüß dich ✓"}\n`;
  const utf16be = (text: string) => {
    const le = Buffer.from(text, 'utf16le');
    for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
    return le;
  };
  const utf32 = (text: string, little: boolean) => {
    const points = [...text].map((c) => c.codePointAt(0)!);
    const out = Buffer.alloc(points.length * 4);
    points.forEach((p, i) => (little ? out.writeUInt32LE(p, i * 4) : out.writeUInt32BE(p, i * 4)));
    return out;
  };
  const files: Record<string, Buffer> = {
    'utf8-bom.yaml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(yaml('utf8-bom'))]),
    'utf16le-bom.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(yaml('utf16le-bom'), 'utf16le')]),
    'utf16be-bom.yaml': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(yaml('utf16be-bom'))]),
    'utf16le-no-bom.yaml': Buffer.from(yaml('utf16le-no-bom'), 'utf16le'),
    'utf32le-bom.yaml': Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32(yaml('utf32le-bom'), true)]),
    'utf32be-bom.yaml': Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), utf32(yaml('utf32be-bom'), false)]),
  };

  test('UTF-8 with a BOM, UTF-16 (with or without BOM) and UTF-32 files are decoded and linted', () => {
    const dir = tempDir('daprkit-encodings-');
    try {
      for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), bytes);
      const { code, out } = lintJson([dir]);
      expect(out.notices).toEqual([]);
      expect(out.findings).toEqual([]);
      expect(out.objects).toBe(Object.keys(files).length);
      expect(code).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    for (const [name, bytes] of Object.entries(files)) {
      const { text } = decodeText(bytes);
      expect(readManifests(text, name).manifests.map((m) => m.manifest.data)).toEqual([{ greeting: 'grüß dich ✓' }]);
    }
  });
});

describe('bytes that are not valid in the file\'s encoding are a finding, not a silent U+FFFD', () => {
  // A Latin-1 "ü" (0xfc) in a UTF-8 YAML file: kubectl and daprd refuse the file.
  const latin1 = Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: latin}\ndata: {greeting: "gr'), Buffer.from([0xfc]), Buffer.from('ss dich"}\n')]);

  test('decodeText says where the first malformed sequence was, for UTF-8, UTF-16 and UTF-32', () => {
    expect(decodeText(latin1).malformedAt).toEqual({ line: 4, column: 21 });
    expect(decodeText(Buffer.from('a: b\n', 'utf8')).malformedAt).toBeUndefined();
    // A lone high surrogate in UTF-16LE (with a BOM), a code point over U+10FFFF in UTF-32LE.
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a: ', 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from('\n', 'utf16le')])).malformedAt).toEqual({ line: 1, column: 4 });
    expect(decodeText(Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0, 0, 0, 0x11, 0])).malformedAt).toEqual({ line: 1, column: 2 });
  });

  test('lint reports a YAML file with them as an error at the line, and still lints its objects; JSON gets a warning', () => {
    const dir = tempDir('daprkit-malformed-');
    try {
      fs.writeFileSync(path.join(dir, 'latin1.yaml'), latin1);
      fs.writeFileSync(path.join(dir, 'latin1.json'), Buffer.concat([Buffer.from('{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "latin-json"}, "data": {"g": "gr'), Buffer.from([0xfc]), Buffer.from('ss"}}\n')]));
      const { code, out } = lintJson([dir]);
      expect(out.objects).toBe(2);
      expect(out.findings).toEqual([
        expect.objectContaining({ check: 'yaml-syntax', severity: 'error', file: expect.stringMatching(/latin1\.yaml$/), line: 4, message: expect.stringContaining('not valid UTF-8') }),
        expect.objectContaining({ check: 'yaml-syntax', severity: 'warning', file: expect.stringMatching(/latin1\.json$/), line: 1 }),
      ]);
      expect(code).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('folders: symbolic links followed, each file once; every skip is a notice', () => {
  test('links inside the folder or the working directory are read; loops, duplicates, dead links, links out and FIFOs are notices', () => {
    const root = tempDir('daprkit-links-');
    try {
      const sys = path.join(root, 'sys');
      fs.mkdirSync(path.join(root, 'shared'));
      fs.mkdirSync(path.join(sys, 'nested'), { recursive: true });
      fs.writeFileSync(path.join(root, 'shared', 'common.yaml'), CONFIGMAP.replace('settings', 'common'));
      fs.writeFileSync(path.join(sys, 'app.yaml'), CONFIGMAP.replace('settings', 'app'));
      fs.symlinkSync('../shared/common.yaml', path.join(sys, 'common.yaml')); // out of the folder, inside the working directory
      fs.symlinkSync('../shared', path.join(sys, 'shared-dir'));
      fs.symlinkSync('app.yaml', path.join(sys, 'copy.yaml')); // the same file again
      fs.symlinkSync('..', path.join(sys, 'nested', 'up')); // a loop
      fs.symlinkSync('missing.yaml', path.join(sys, 'dead.yaml'));
      const outside = tempDir('daprkit-outside-');
      fs.writeFileSync(path.join(outside, 'kubeconfig.yaml'), CONFIGMAP.replace('settings', 'outside'));
      fs.symlinkSync(path.join(outside, 'kubeconfig.yaml'), path.join(sys, 'stolen.yaml'));
      execFileSync('mkfifo', [path.join(sys, 'pipe.yaml')]);

      const { code, out } = lintJson(['sys'], root);
      fs.rmSync(outside, { recursive: true, force: true });
      expect(out.findings).toEqual([]);
      expect(code).toBe(0);
      expect(out.objects).toBe(2); // app and common; common once, though reached twice
      expect(out.notices).toEqual([
        { source: path.join('sys', 'copy.yaml'), line: 1, message: `skipped: the same file as ${path.join('sys', 'app.yaml')} (a link); read once.` },
        { source: path.join('sys', 'dead.yaml'), line: 1, message: 'skipped: a symbolic link that leads nowhere (ENOENT); not followed.' },
        { source: path.join('sys', 'nested', 'up'), line: 1, message: 'skipped: a link to a folder already read (a loop, or the same folder twice); read once.' },
        { source: path.join('sys', 'pipe.yaml'), line: 1, message: 'skipped: not a regular file (a FIFO, socket or device); not read.' },
        { source: path.join('sys', 'shared-dir', 'common.yaml'), line: 1, message: `skipped: the same file as ${path.join('sys', 'common.yaml')} (a link); read once.` },
        { source: path.join('sys', 'stolen.yaml'), line: 1, message: 'skipped: a symbolic link out of the folder and the working directory; not followed.' },
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('documents and list items that are not Kubernetes objects are notices in JSON, with source and line', () => {
    const dir = tempDir('daprkit-notices-');
    try {
      fs.writeFileSync(path.join(dir, 'mixed.yaml'), `${CONFIGMAP}---\njust: data\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Secret, metadata: {name: s}}\n- 42\n`);
      const { out } = lintJson([dir]);
      expect(out.objects).toBe(2);
      expect(out.notices.map((n) => [path.basename(n.source), n.line, n.message])).toEqual([
        ['mixed.yaml', 6, 'skipped: a document that is not a Kubernetes object (no apiVersion and kind).'],
        ['mixed.yaml', 8, 'skipped: a document that is not a Kubernetes object (no apiVersion and kind).'],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
