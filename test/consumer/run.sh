#!/usr/bin/env bash
# Consumer smoke test: pack daprkit and use the tarball the way users do, in fresh projects outside
# the repository, with the npm registry alone.
#  A. The README's manual path (its commands, tsconfig, cdk8s.yaml and program, the tarball in
#     place of the registry name): synth through tsx, then strict TypeScript compiled by tsc,
#     CommonJS require, ES module import, a broken system's one report, the bin, and the consumer
#     matrix: one program type-checked with TypeScript 5.9 (commonjs, node16, esnext + bundler) and
#     the latest TypeScript (commonjs, node16, nodenext, esnext + bundler), sharing one install.
#  B. The README's Get started: `daprkit init` from the tarball, npm install, npm test, cdk8s synth;
#     the tests again under CI=true against the snapshot the first run wrote; the generated
#     workflow's steps on a pull request; then TypeScript raised to the latest release.
#     Then `daprkit import` of a tutorial from the tarball: the program compiles under the
#     consumer's strict flags, synthesizes the tutorial and lints clean.
#  C. `daprkit init --engine pulumi --template todo`: its tests (Pulumi mocks), Pulumi's own
#     TypeScript path, daprkit/pulumi type-checked under commonjs (node10), node16 and bundler.
set -euo pipefail
# A failing command names itself and its line, so a silent grep in CI still says what broke.
# (Only while set -e holds: the set +e stretches expect failures and read them afterwards.)
trap 'rc=$?; case $- in *e*) echo "smoke: failed (exit $rc) at test/consumer/run.sh:$LINENO: $BASH_COMMAND" >&2 ;; esac' ERR
keep="${DAPRKIT_SMOKE_KEEP:-}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/test/consumer"
tools="$here/tools"
readme="$root/README.md"
work="$(mktemp -d)"
[ -n "$keep" ] && echo "smoke: keeping $work" || trap 'rm -rf "$work"' EXIT

# cdk8s-cli's upgrade check reaches beyond the npm registry; npm quiet and cache-first; npx's
# "Ok to proceed?" answered yes, as a person at a terminal would (there is no terminal here).
export NO_COLOR=1 CDK8S_CHECK_UPGRADE=false npm_config_yes=true npm_config_prefer_offline=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false npm_config_loglevel=error
latest_ts="${DAPRKIT_SMOKE_LATEST_TYPESCRIPT:-latest}"
started=$SECONDS
say() { echo "smoke [$((SECONDS - started))s]: $*"; }
block() { node "$tools/readme-block.cjs" "$readme" "$1"; }
version="$(node -p "require('$root/package.json').version")"

say "packing daprkit"
(cd "$root" && npm pack --silent --pack-destination "$work" >/dev/null)
tarball="$work/daprkit-$version.tgz"
test -f "$tarball"
tar -tzf "$tarball" | grep -E '^package/(test|scripts|examples|stacks)/' && { echo "smoke: the tarball carries tests, scripts or examples"; exit 1; }
node -e "const p=require('$root/package.json'); if (p.private) { console.error('smoke: package.json is private'); process.exit(1); }"

# Type-checks with the given tsc and module settings over a base tsconfig; errors inside
# cdk8s-plus-28's declarations (exactOptionalPropertyTypes) are theirs, any other fails. The
# declarations themselves are checked once, in A(1); the variants check how the program resolves
# and types daprkit (skipLibCheck), which keeps each run to seconds.
# typecheck <tsc> <base tsconfig> <module> <moduleResolution or -> <files...>
typecheck() {
  local tsc="$1" base="$2" module="$3" resolution="$4"
  shift 4
  local files label config="tsconfig.matrix.json"
  [ "$resolution" = "-" ] && resolution=null || resolution="\"$resolution\""
  label="$("$tsc" --version | sed 's/Version //') $module/${resolution//\"/}"
  files="$(printf '"%s",' "$@")"
  cat > "$config" <<JSON
{ "extends": "./$base", "compilerOptions": { "module": "$module", "moduleResolution": $resolution, "noEmit": true, "skipLibCheck": true }, "include": [], "files": [${files%,}] }
JSON
  set +e
  "$tsc" -p "$config" > matrix.log 2>&1
  set -e
  if grep -E 'error TS' matrix.log | grep -vE '^node_modules/cdk8s-plus-28/' ; then
    echo "smoke: type errors under $label"; exit 1
  fi
  say "  type-checks under TypeScript $label: $*"
}

# --- A. The README's manual path ------------------------------------------------------------
project="$work/consumer"
mkdir -p "$project"
cd "$project"
echo '{ "name": "daprkit-consumer", "private": true }' > package.json
say "A: the README's install commands, the tarball for daprkit@$version"
block manual-install | sed "s#daprkit@$version#$tarball#" > install.sh
grep -q "$tarball" install.sh || { echo "smoke: the README's install commands do not name daprkit@$version"; exit 1; }
bash -euo pipefail install.sh
test ! -e node_modules/@pulumi || { echo "smoke: a cdk8s user got @pulumi installed"; exit 1; }
block manual-tsconfig > tsconfig.json
block manual-cdk8s-yaml > cdk8s.yaml
cp "$here/ts-app/main.ts" main.ts   # the README's first program (test/readme.test.ts holds them equal)
say "A: the README's commands: synth through tsx, type-check"
block manual-run > run.sh
bash -euo pipefail run.sh
yaml="dist/shop.k8s.yaml"
test -s "$yaml"
grep -q 'dapr.io/app-id: orders' "$yaml"
grep -q 'dapr.io/sidecar-memory-limit: 256Mi' "$yaml"
grep -Pzoq 'scopes:\n  - orders' "$yaml"
grep -Pzoq 'name: redisPassword\n      secretKeyRef:\n        key: redis-password\n        name: redis' "$yaml"
grep -Pzoq 'appId: checkout(.|\n)*?name: /orders' "$yaml"

say "A(1): TypeScript under strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes, skipLibCheck false, compiled by tsc"
rm -rf dist
cp "$here/ts-app/tsconfig.json" tsconfig.strict.json
set +e
node_modules/typescript/bin/tsc -p tsconfig.strict.json > tsc.log 2>&1
set -e
# cdk8s-plus-28's own declarations fail exactOptionalPropertyTypes: theirs, not ours. Any other error fails.
if grep -E 'error TS' tsc.log | grep -vE '^node_modules/cdk8s-plus-28/' ; then
  echo "smoke: tsc reported errors in daprkit's declarations or the consumer's code"; exit 1
fi
node out/main.js
test -s "$yaml"
echo "ts consumer: ok"

# The latest TypeScript in a folder of its own: a compiler resolves modules from the project it
# checks, not from where it is installed, so one install serves every variant of every project.
(mkdir -p "$work/ts-latest" && cd "$work/ts-latest" && echo '{ "private": true }' > package.json && npm install "typescript@$latest_ts" >/dev/null)
tslatest="$work/ts-latest/node_modules/typescript/bin/tsc"
ts59=node_modules/typescript/bin/tsc
say "A(2): the consumer matrix, one program ($("$ts59" --version) and $("$tslatest" --version))"
cp main.ts main.mts   # the same program as an ES module, for node16 / nodenext
typecheck "$ts59" tsconfig.strict.json commonjs - main.ts
typecheck "$ts59" tsconfig.strict.json node16 - main.ts main.mts
typecheck "$ts59" tsconfig.strict.json esnext bundler main.ts
typecheck "$tslatest" tsconfig.strict.json commonjs - main.ts
typecheck "$tslatest" tsconfig.strict.json node16 - main.ts main.mts
typecheck "$tslatest" tsconfig.strict.json nodenext - main.ts main.mts
typecheck "$tslatest" tsconfig.strict.json esnext bundler main.ts
"$tslatest" -p tsconfig.json
say "  the README's tsconfig type-checks under TypeScript $("$tslatest" --version | sed 's/Version //') too"

cp "$here"/js-app/* .
say "A(3): CommonJS require"
node main.cjs
say "A(4): ES module import"
node main.mjs

say "A(5): a broken system reports every mistake at once and writes nothing"
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

say "A(6): the daprkit bin from the tarball lints what the consumer synthesized"
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

say "A(6b): daprkit import from the tarball: the program compiles under the consumer's strict flags and synthesizes the tutorial"
cp -r "$root/test/fixtures/import-corpus/quickstarts-hello-kubernetes" tutorial
npx --no-install daprkit import tutorial --out imported --format json > import.json
node -e "const r=require('./import.json'); if (r.objects.length !== 4 || r.objects.some((o)=>o.as==='ApiObject')) { console.error(r.objects); process.exit(1); }"
node -e "const c=require('./tsconfig.strict.json'); c.compilerOptions.outDir='imported-out'; c.files=['imported/main.ts']; require('fs').writeFileSync('tsconfig.imported.json', JSON.stringify(c));"
set +e
"$ts59" -p tsconfig.imported.json > tsc-imported.log 2>&1
set -e
if grep -E 'error TS' tsc-imported.log | grep -vE '^node_modules/cdk8s-plus-28/' ; then
  echo "smoke: the imported program does not compile"; exit 1
fi
CDK8S_OUTDIR=imported-dist node imported-out/main.js
npx --no-install daprkit lint imported-dist --format json > imported-lint.json
node -e "const r=require('./imported-lint.json'); if (r.objects !== 4 || r.findings.some((f)=>f.severity==='error')) { console.error(r); process.exit(1); }"
echo "import consumer: ok"

say "A(7): daprkit/pulumi is its own entry point in the tarball"
node -e "const p=require.resolve('daprkit/pulumi'); if (!/lib[\\/]pulumi[\\/]index\.js$/.test(p)) process.exit(1)"
test -f node_modules/daprkit/lib/pulumi/index.d.ts

# --- B. Get started, as the README says it, with the tarball ---------------------------------
start="$work/start"
mkdir -p "$start"
cp "$tarball" "$start/"
cd "$start"
say "B: the README's Get started commands (tarball variant)"
block get-started-tarball > get-started.sh
grep -q "daprkit-$version.tgz" get-started.sh || { echo "smoke: Get started names another tarball than daprkit-$version.tgz"; exit 1; }
# A newcomer runs these on a laptop, where CI is unset: the first npm test writes the snapshot.
# (CI itself sets CI=true, under which vitest writes no snapshot and fails instead.)
env -u CI bash -euo pipefail get-started.sh
cd my-system
test -s dist/shop.k8s.yaml
test -s __snapshots__/system.k8s.yaml
grep -q '"daprkit": "file:../daprkit-'"$version"'.tgz"' package.json
say "B: the tests again under CI=true, against the snapshot the first run wrote"
CI=true npm test > ci-test.log 2>&1 || { cat ci-test.log; exit 1; }
grep -qE 'Tests +[0-9]+ passed' ci-test.log
say "B: npm run lint"
npm run -s lint
say "B: the generated workflow's steps on a pull request that changes the system"
git init -q -b main . && git add -A && git -c user.name=smoke -c user.email=smoke@example.com commit -qm base
base_sha="$(git rev-parse HEAD)"
sed -i "s#image: 'ghcr.io/acme/orders:1.0'#image: 'ghcr.io/acme/orders:1.1'#" system.ts
npm run -s synth > /dev/null
npx vitest run --update > /dev/null
git add -A && git -c user.name=smoke -c user.email=smoke@example.com commit -qm change
# The base worktree lands in $RUNNER_TEMP/base: its package-lock names the tarball one folder up.
mkdir -p "$work/runner" && cp "$tarball" "$work/runner/"
REUSE_NODE_MODULES="$PWD/node_modules" RUNNER_TEMP="$work/runner" GITHUB_STEP_SUMMARY="$work/summary.md" node "$tools/run-workflow.cjs" .github/workflows/daprkit.yml "$base_sha" 'npm ci' 'npm test'
grep -qE 'orders\\?:1\.1' "$work/summary.md" || { echo "smoke: the workflow's diff does not show the change"; cat "$work/summary.md"; exit 1; }
grep -qE 'orders\\?:1\.0' "$work/summary.md" || { echo "smoke: the workflow's diff does not show the old image"; cat "$work/summary.md"; exit 1; }
say "B: npm run diff shows the working tree's change"
sed -i "s#orders:1.1#orders:1.2#" system.ts && npm run -s synth > /dev/null
npm run -s diff | grep -q 'orders:1.2'
git checkout -q -- system.ts dist
say "B: TypeScript raised to the latest release ($latest_ts)"
npm install --save-dev "typescript@$latest_ts" > /dev/null
npx tsc --version
npx tsc --noEmit
npm test > latest-test.log 2>&1 || { cat latest-test.log; exit 1; }
echo "init project: ok"

# --- C. The Pulumi engine ------------------------------------------------------------------------
cd "$work"
say "C: daprkit init --engine pulumi --template todo (npm install included)"
"$project/node_modules/.bin/daprkit" init pulumi-todo --engine pulumi --template todo --daprkit "$tarball" > init.out
cd pulumi-todo
say "C: npm test (tsc with Pulumi's CommonJS tsconfig, vitest with Pulumi's mocks)"
env -u CI npm test > test.log 2>&1 || { cat test.log; exit 1; }
grep -qE 'Tests +[0-9]+ passed' test.log
say "C: index.ts through Pulumi's own TypeScript path (ts-node, the project's TypeScript)"
node "$tools/pulumi-ts-path.cjs" "$PWD" pulumi-todo redisPassword emailApiAuthorization
# npm test above ran tsc over the project's own tsconfig: commonjs, node10 resolution (typesVersions).
say "C: daprkit/pulumi under TypeScript $(npx tsc --version | sed 's/Version //'): node16, esnext + bundler"
typecheck node_modules/typescript/bin/tsc tsconfig.json node16 - index.ts system.ts main.ts
typecheck node_modules/typescript/bin/tsc tsconfig.json esnext bundler index.ts system.ts main.ts
say "C: synth and lint"
npx cdk8s synth > /dev/null
test -s dist/0000-dapr-system.k8s.yaml
test -s dist/0001-todo.k8s.yaml
npx daprkit lint dist
say "all consumers ok"
