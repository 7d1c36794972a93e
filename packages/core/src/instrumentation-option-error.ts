/**
 * A bad option given to an instrumentation helper (HTTP middleware, function wrapper, batch tracker).
 * Thrown when the helper is created, never while a request or call is being measured.
 */
export class InvalidInstrumentationOptionError extends TypeError {
  readonly code = 'METERKIT_INVALID_INSTRUMENTATION_OPTION';
  constructor(
    readonly helper: string,
    readonly option: string,
    readonly value: unknown,
    reason: string,
  ) {
    super(`Invalid ${option} for ${helper}: ${describe(value)} ${reason}`);
    this.name = 'InvalidInstrumentationOptionError';
  }
}

function describe(value: unknown): string {
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
