// After `tsc -p tsconfig.build.json` (npm run build): what tsc does not do itself.
// - The generated JSON data the compiled modules require (the component catalog): tsc copies
//   only the JSON a TypeScript import names, and the catalog is read with require() so that tsc
//   does not infer a type from 250 KB of JSON.
// - The command line's entry point becomes executable (it is the package's bin).
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const dataDir = path.join('dapr', 'generated');
for (const name of fs.readdirSync(path.join(root, dataDir)).filter((f) => f.endsWith('.json')).sort()) {
  fs.copyFileSync(path.join(root, dataDir, name), path.join(root, 'lib', dataDir, name));
}
fs.chmodSync(path.join(root, 'lib', 'cli', 'main.js'), 0o755);
