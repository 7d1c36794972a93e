import { ConfigError } from '../errors.js';
import type { Config } from './config.js';

/** Checks `Config.histograms` and returns whether histograms and timers are exponential by default. */
export function validateHistogramsConfig(histograms: Config['histograms']): boolean {
  if (histograms === undefined) return false;
  if (typeof histograms !== 'object' || histograms === null || Array.isArray(histograms))
    throw new ConfigError('histograms', histograms, 'must be an object such as { exponential: true }');
  for (const key of Object.keys(histograms)) {
    if (key !== 'exponential') {
      throw new ConfigError(
        `histograms.${key}`,
        (histograms as Record<string, unknown>)[key],
        'is not a known field (only exponential)',
      );
    }
  }
  const { exponential } = histograms;
  if (exponential !== undefined && typeof exponential !== 'boolean')
    throw new ConfigError('histograms.exponential', exponential, 'must be true or false');
  return exponential === true;
}
