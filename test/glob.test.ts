/** Workflow-name globs as daprd reads them (Go's path.Match): syntax errors and matching. */
import { globMatches, globProblem, isGlob, MAX_GLOB_LENGTH } from '../checks/glob';

describe('glob syntax (what Go calls ErrBadPattern)', () => {
  test.each(['OrderWorkflow', 'Order*', '*', 'Order?', '[A-Z]*', '[^a-z]x', 'a\\*b', '[\\]]', '[*]', 'a]b', 'Ord[a-c]', ''])('accepts %j', (pattern) => {
    expect(globProblem(pattern)).toBeUndefined();
  });

  test.each([
    ['Order[', 'a character class'],
    ['Order[abc', 'not closed'],
    ['[]', 'needs a character'],
    ['[^]', 'needs a character'],
    ['[-a]', 'needs a character'],
    ['[a-]', 'needs a character'],
    ['a\\', 'ends with an escape'],
    ['[a\\', 'ends with an escape'],
  ])('fails on %j (%s)', (pattern, reason) => {
    expect(globProblem(pattern)).toContain(reason);
  });

  test('fails on an over-long pattern instead of evaluating it', () => {
    expect(globProblem('a'.repeat(MAX_GLOB_LENGTH + 1))).toContain('longer than');
  });

  test('tells globs from exact names', () => {
    expect(isGlob('Order*')).toBe(true);
    expect(isGlob('[ab]')).toBe(true);
    expect(isGlob('OrderWorkflow')).toBe(false);
  });
});

describe('glob matching', () => {
  test.each([
    ['*', 'OrderWorkflow', true],
    ['Order*', 'OrderWorkflow', true],
    ['Order*', 'Order', true],
    ['Order*', 'Ship', false],
    ['*Workflow', 'OrderWorkflow', true],
    ['Ord?r*', 'OrderX', true],
    ['[A-C]*', 'Billing', true],
    ['[A-C]*', 'Order', false],
    ['[^A-C]*', 'Order', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
    ['OrderWorkflow', 'OrderWorkflow', true],
    ['OrderWorkflow', 'orderworkflow', false],
    // `*` and `?` never cross a "/", a class can.
    ['*', 'a/b', false],
    ['a?b', 'a/b', false],
    ['a[/]b', 'a/b', true],
    ['*a*b*c', 'xxaxxbxxc', true],
    ['*a*b*c', 'xxaxxcxxb', false],
  ])('%j against %j is %s', (pattern, name, expected) => {
    expect(globMatches(pattern, name)).toBe(expected);
  });

  test('fails to match anything with a malformed pattern (daprd skips the rule)', () => {
    expect(globMatches('Order[', 'Order[')).toBe(false);
  });

  test('a caller pattern is covered by a granted pattern that matches it literally', () => {
    expect(globMatches('*', 'Order*')).toBe(true);
    expect(globMatches('Order*', 'Order*')).toBe(true);
    expect(globMatches('OrderWorkflow', 'Order*')).toBe(false);
  });

  test('answers hostile input (a backtracking matcher would not finish: 100 stars over 1,000 characters)', () => {
    expect(globMatches(`${'*a'.repeat(100)}b`, 'a'.repeat(1000))).toBe(false);
    expect(globMatches(`${'*a'.repeat(100)}`, 'a'.repeat(1000))).toBe(true);
  });
});
