import { Duration } from 'cdk8s';
import { formatNanos, goDuration } from '../constructs/duration';
import { isGoDuration } from '../checks/formats';

describe('goDuration', () => {
  test.each([
    [Duration.seconds(5), '5s'],
    [Duration.seconds(90), '1m30s'],
    [Duration.millis(500), '500ms'],
    [Duration.millis(1500), '1.5s'],
    [Duration.minutes(60), '1h'],
    [Duration.hours(25), '25h'],
    [Duration.days(1), '24h'],
    [Duration.millis(3_723_004), '1h2m3.004s'],
    [Duration.millis(0.25), '250us'],
    [Duration.seconds(0), '0s'],
  ])('%s renders as %s, a Go duration', (d, expected) => {
    expect(goDuration(d)).toBe(expected);
    expect(isGoDuration(goDuration(d))).toBe(true);
  });

  test('renders nanoseconds below a microsecond', () => {
    expect(formatNanos(7)).toBe('7ns');
  });

  test('fails on a duration that is not finite', () => {
    expect(() => goDuration(Duration.millis(Infinity))).toThrow(/finite, non-negative duration, got Infinityms/);
  });
});
