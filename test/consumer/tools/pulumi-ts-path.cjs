// Loads a generated Pulumi program the way `pulumi up` does for TypeScript — ts-node (type-checking)
// with the project's TypeScript and tsconfig over Pulumi's default compiler options, as
// @pulumi/pulumi's cmd/run does — under Pulumi's mocks, since the Pulumi CLI is not installable here.
// Usage: node pulumi-ts-path.cjs <project dir> <project name> <config key>...
const path = require('path');
const [project, name, ...keys] = process.argv.slice(2);
process.chdir(project);
const load = (m) => require(require.resolve(m, { paths: [project] }));
const tsutils = load('@pulumi/pulumi/tsutils');
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
const compilerOptions = tsutils.loadTypeScriptCompilerOptions('tsconfig.json');
load(tsnodeRequire).register({
  compiler: typescriptRequire,
  project: 'tsconfig.json',
  skipProject: false,
  compilerOptions: { target: 'ES2020', module: 'nodenext', moduleResolution: 'nodenext', sourceMap: 'true', ...compilerOptions },
});
const pulumi = load('@pulumi/pulumi');
const types = [];
pulumi.runtime.setAllConfig(Object.fromEntries(keys.map((k) => [`${name}:${k}`, `smoke-${k}`])), keys.map((k) => `${name}:${k}`));
pulumi.runtime
  .setMocks({ newResource: (a) => (types.push(a.type), { id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs }, name, 'smoke', false)
  .then(async () => {
    require(path.join(project, 'index.ts'));
    await pulumi.runtime.disconnect();
    if (!types.includes('kubernetes:apps/v1:Deployment') || !types.includes('kubernetes:core/v1:Secret')) {
      console.error(`pulumi's TypeScript path: registered only ${JSON.stringify(types)}`);
      process.exit(1);
    }
    console.log(`pulumi's TypeScript path: index.ts type-checked and ran, ${types.length} resources registered`);
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
