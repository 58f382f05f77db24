/** The realistic corpus (test/fixtures/realworld-like) is valid for Dapr's CRDs, so its lint results are about real YAML. */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { isDaprKind, resourceId } from '../../checks/manifest';
import { Manifest } from '../../checks/types';
import { validateDaprObject } from './crd-schema';

const dir = path.join(__dirname, '..', 'fixtures', 'realworld-like');
const objects = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .flatMap((file) => parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map((d) => [file, d.toJS() as Manifest] as const))
  .filter(([, m]) => isDaprKind(m));

describe('the realistic corpus conforms to the Dapr CRDs', () => {
  test.each(objects.map(([file, m]) => [`${file} ${resourceId(m)}`, m] as const))('%s validates', (_id, manifest) => {
    expect(validateDaprObject(manifest)).toEqual([]);
  });
});
