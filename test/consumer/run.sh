#!/usr/bin/env bash
# Consumer smoke test: pack daprkit, install the tarball into fresh projects the way a user would,
# and synthesize from (1) TypeScript compiled by tsc under strict consumer flags, (2) CommonJS
# require, (3) an ES module import; (4) a broken system must fail with one report, writing nothing;
# (5) the bin lints, (6) `daprkit import` writes a program that compiles and synthesizes, (7) daprkit/pulumi.
set -euo pipefail
keep="${DAPRKIT_SMOKE_KEEP:-}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/test/consumer"
work="$(mktemp -d)"
[ -n "$keep" ] && echo "smoke: keeping $work" || trap 'rm -rf "$work"' EXIT

version_of() { node -p "require('$root/package.json').devDependencies['$1']"; }

echo "smoke: packing daprkit"
(cd "$root" && npm pack --silent --pack-destination "$work" >/dev/null)
tarball="$(ls "$work"/daprkit-*.tgz)"
tar -tzf "$tarball" | grep -E '^package/(test|scripts|examples|stacks)/' && { echo "smoke: the tarball carries tests, scripts or examples"; exit 1; }

project="$work/consumer"
mkdir -p "$project"
cat > "$project/package.json" <<JSON
{
  "name": "daprkit-consumer",
  "private": true,
  "dependencies": {
    "daprkit": "file:$tarball",
    "cdk8s": "$(version_of cdk8s)",
    "cdk8s-plus-28": "$(version_of cdk8s-plus-28)",
    "constructs": "$(version_of constructs)"
  },
  "devDependencies": { "typescript": "$(version_of typescript)" }
}
JSON
echo "smoke: installing the tarball into a fresh project"
(cd "$project" && npm install --prefer-offline --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
test ! -e "$project/node_modules/@pulumi" || { echo "smoke: a cdk8s user got @pulumi installed"; exit 1; }

cd "$project"
cp "$here/ts-app/main.ts" "$here/ts-app/tsconfig.json" "$here"/js-app/* .

echo "smoke: (1) TypeScript under strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes, skipLibCheck false"
set +e
npx tsc -p tsconfig.json > tsc.log 2>&1
set -e
# cdk8s-plus-28's own declarations fail exactOptionalPropertyTypes: theirs, not ours. Any other error fails.
if grep -E 'error TS' tsc.log | grep -vE '^node_modules/cdk8s-plus-28/' ; then
  echo "smoke: tsc reported errors in daprkit's declarations or the consumer's code"; exit 1
fi
node out/main.js
yaml="dist/shop.k8s.yaml"
test -s "$yaml"
grep -q 'dapr.io/app-id: orders' "$yaml"
grep -q 'dapr.io/sidecar-memory-limit: 256Mi' "$yaml"
grep -Pzoq 'scopes:\n  - orders' "$yaml"
grep -Pzoq 'name: redisPassword\n      secretKeyRef:\n        key: redis-password\n        name: redis' "$yaml"
grep -Pzoq 'appId: checkout(.|\n)*?name: /orders' "$yaml"
echo "ts consumer: ok"

echo "smoke: (2) CommonJS require"
node main.cjs
echo "smoke: (3) ES module import"
node main.mjs

echo "smoke: (4) a broken system reports every mistake at once and writes nothing"
set +e
node broken.cjs > broken.out 2> broken.err
status=$?
set -e
test "$status" -ne 0 || { echo "smoke: broken system exited 0"; exit 1; }
grep -q 'dapr.io/app-protocl' broken.err
grep -q 'Did you mean "dapr.io/app-protocol"' broken.err
grep -qi 'shop' broken.err
test ! -e dist-broken || { echo "smoke: broken system wrote files"; exit 1; }
! grep -qE '^    at ' broken.err || { echo "smoke: the report came with a stack trace"; exit 1; }
echo "smoke: (5) the daprkit bin from the tarball lints what the consumer synthesized"
npx --no-install daprkit --help | grep -q 'lint'
npx --no-install daprkit lint dist --format json > lint.json
node -e "const r=require('./lint.json'); if (r.findings.some((f)=>f.severity==='error')) { console.error(r.findings); process.exit(1); }"
printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n  annotations:\n    dapr.io/app-id: x\n' > misplaced.yaml
set +e
npx --no-install daprkit lint misplaced.yaml > misplaced.out 2>&1
status=$?
set -e
test "$status" -eq 1 || { echo "smoke: lint of a broken manifest exited $status, not 1"; cat misplaced.out; exit 1; }
grep -q 'misplaced-annotation' misplaced.out
echo "bin consumer: ok"

echo "smoke: (6) daprkit import from the tarball: the program compiles under the consumer's strict flags and synthesizes the tutorial"
cp -r "$root/test/fixtures/import-corpus/quickstarts-hello-kubernetes" tutorial
npx --no-install daprkit import tutorial --out imported --format json > import.json
node -e "const r=require('./import.json'); if (r.objects.length !== 4 || r.objects.some((o)=>o.as==='ApiObject')) { console.error(r.objects); process.exit(1); }"
node -e "const c=require('./tsconfig.json'); c.compilerOptions.outDir='imported-out'; c.files=['imported/main.ts']; require('fs').writeFileSync('tsconfig.imported.json', JSON.stringify(c));"
set +e
npx tsc -p tsconfig.imported.json > tsc-imported.log 2>&1
set -e
if grep -E 'error TS' tsc-imported.log | grep -vE '^node_modules/cdk8s-plus-28/' ; then
  echo "smoke: the imported program does not compile"; exit 1
fi
CDK8S_OUTDIR=imported-dist node imported-out/main.js
npx --no-install daprkit lint imported-dist --format json > imported-lint.json
node -e "const r=require('./imported-lint.json'); if (r.objects !== 4 || r.findings.some((f)=>f.severity==='error')) { console.error(r); process.exit(1); }"
echo "import consumer: ok"

echo "smoke: (7) daprkit/pulumi is its own entry point in the tarball"
node -e "const p=require.resolve('daprkit/pulumi'); if (!/lib[\\/]pulumi[\\/]index\.js$/.test(p)) process.exit(1)"
test -f node_modules/daprkit/lib/pulumi/index.d.ts
echo "smoke: all consumers ok"
