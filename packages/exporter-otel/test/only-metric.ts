import type { ReceivedMetric } from '@meterkit/test-support';
import { expect } from 'vitest';

/** The one metric named `name` among those received; fails the test if there are none or several. */
export function only(metrics: ReceivedMetric[], name: string): ReceivedMetric {
  const found = metrics.filter((m) => m.name === name);
  expect(found, `metric ${name}`).toHaveLength(1);
  return found[0]!;
}
