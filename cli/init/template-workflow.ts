/**
 * `.github/workflows/daprkit.yml` of a new project. On every push and pull request: install, test,
 * synthesize, check that the committed dist/ is what the program writes, and lint dist/ (SARIF
 * for code scanning, text in the log). On pull requests also: synthesize the base branch's
 * program and put `daprkit diff` of the two as markdown in the job summary.
 *
 * It runs on `pull_request`, never `pull_request_target`: a stranger's pull request runs with a
 * read-only token and no secrets. That is also why the diff goes to the job summary (always
 * writable) rather than a PR comment (needs a write token), and why the SARIF upload (needs
 * `security-events: write`) is skipped for pull requests from forks, whose lint findings the
 * text lint step still prints and fails on.
 */

export const WORKFLOW = `# Written by \`daprkit init\`. Install, test, synthesize and lint on every push and pull request;
# on pull requests, show what the change does to the manifests (daprkit diff) in the job summary.
name: daprkit

on:
  push:
    branches: [main]
  pull_request:

permissions:
  contents: read

jobs:
  check:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      security-events: write # upload the lint report to code scanning
      actions: read # upload-sarif reads the run in private repositories
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # the pull request's base commit is synthesized too
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - run: npm test
      - run: npm run synth
      - name: The committed dist/ is what the program writes
        run: |
          if [ -n "$(git status --porcelain -- dist)" ]; then
            git status --short -- dist
            echo "::error::dist/ differs from what the program writes: run npm run synth and commit dist/"
            exit 1
          fi

      # Exit 1 means findings (reported below); anything else is a failure of its own.
      - name: Lint the manifests (SARIF)
        run: npx daprkit lint dist --format sarif > daprkit.sarif || test $? -eq 1
      - name: Upload the lint report to code scanning
        if: always() && hashFiles('daprkit.sarif') != '' && (github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository)
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: daprkit.sarif
          category: daprkit
      - name: Lint the manifests
        run: npx daprkit lint dist

      - name: Synthesize the base branch
        if: github.event_name == 'pull_request'
        env:
          BASE_SHA: \${{ github.event.pull_request.base.sha }}
        run: |
          mkdir -p "$RUNNER_TEMP/base-dist"
          git worktree add --detach "$RUNNER_TEMP/base" "$BASE_SHA"
          if [ -f "$RUNNER_TEMP/base/cdk8s.yaml" ] && [ -f "$RUNNER_TEMP/base/package-lock.json" ]; then
            cd "$RUNNER_TEMP/base"
            npm ci
            npx cdk8s synth --no-check-upgrade --output "$RUNNER_TEMP/base-dist"
          else
            echo "The base branch has no daprkit project yet: every object is new."
          fi
      - name: What this pull request changes in the manifests
        if: github.event_name == 'pull_request'
        run: npx daprkit diff "$RUNNER_TEMP/base-dist" dist --format markdown >> "$GITHUB_STEP_SUMMARY"
`;
