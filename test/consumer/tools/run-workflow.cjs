// Runs the `run:` steps of a generated GitHub workflow as a pull_request event would, here: `uses:`
// steps are skipped, `if:` is honoured for the two conditions the workflow uses, and the base
// commit's SHA stands in for ${{ github.event.pull_request.base.sha }}.
// Usage: node run-workflow.cjs <workflow.yml> <base sha> [step names or commands to skip...]
// With REUSE_NODE_MODULES=<folder>, `npm ci` inside a step links that node_modules instead of
// installing the same lockfile again (the base commit's dependencies are the PR's here).
const { spawnSync } = require('child_process');
const fs = require('fs');
const { parse } = require(require.resolve('yaml', { paths: [process.cwd()] }));
const [file, baseSha, ...skip] = process.argv.slice(2);
const workflow = parse(fs.readFileSync(file, 'utf8'));
const expression = (text) => text.replace(/\$\{\{\s*github\.event\.pull_request\.base\.sha\s*\}\}/g, baseSha);
for (const [jobName, job] of Object.entries(workflow.jobs)) {
  for (const step of job.steps) {
    if (step.run === undefined) continue;
    const label = step.name ?? step.run.split('\n')[0];
    if (skip.includes(label)) continue;
    if (step.if !== undefined && step.if !== "github.event_name == 'pull_request'") throw new Error(`run-workflow: unknown condition ${step.if}`);
    const env = { ...process.env, GITHUB_EVENT_NAME: 'pull_request', ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expression(String(v))])) };
    console.log(`workflow ${jobName}: ${label}`);
    const reuse = process.env.REUSE_NODE_MODULES;
    const script = reuse ? step.run.replace(/^(\s*)npm ci$/m, `$1ln -s ${JSON.stringify(reuse)} node_modules`) : step.run;
    const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { env, stdio: 'inherit' });
    if (run.status !== 0) {
      console.error(`workflow step failed (exit ${run.status}): ${label}`);
      process.exit(1);
    }
  }
}
