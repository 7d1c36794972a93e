/**
 * A push, pushAdd or delete the Pushgateway refused (`status` set, `gatewayMessage` holding the
 * gateway's own explanation, e.g. a type conflict with an earlier push) or that could not reach it
 * after every retry (`status` undefined, `cause` set).
 */
export class PushgatewayError extends Error {
  readonly code = 'METERKIT_PUSHGATEWAY';
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number | undefined,
    readonly gatewayMessage: string,
    options?: { cause?: unknown; attempts?: number },
  ) {
    const what = `Pushgateway ${method} ${url}`;
    const attempts = options?.attempts && options.attempts > 1 ? ` after ${options.attempts} attempts` : '';
    super(
      status === undefined
        ? `${what} failed${attempts}: ${gatewayMessage}`
        : `${what} was rejected with ${status}${attempts}: ${gatewayMessage || '(no message)'}`,
      { cause: options?.cause },
    );
    this.name = 'PushgatewayError';
  }
}
