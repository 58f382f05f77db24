/** Rendering typed sizes and CPU amounts as Kubernetes quantities (the strings Dapr's injector parses). */
import { Size, SizeRoundingBehavior } from 'cdk8s';

const UNITS: readonly [string, number][] = [
  ['Ti', 1024 ** 4],
  ['Gi', 1024 ** 3],
  ['Mi', 1024 ** 2],
  ['Ki', 1024],
];

/** A size as the largest binary-suffixed quantity that keeps it whole: `4Mi`, `1536Ki`, `100` (bytes). */
export function sizeQuantity(size: Size): string {
  const bytes = Math.round(size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024);
  for (const [suffix, factor] of UNITS) {
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor}${suffix}`;
  }
  return `${bytes}`;
}
