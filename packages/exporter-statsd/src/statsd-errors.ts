/** Packets of one flush that the socket refused (daemon down, connection reset, socket missing). */
export class StatsdSendError extends Error {
  readonly code = 'METERKIT_STATSD_SEND';
  constructor(
    readonly endpoint: string,
    readonly failed: number,
    readonly total: number,
    cause: unknown,
  ) {
    super(
      `StatsD ${endpoint}: ${failed} of ${total} packets not sent: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'StatsdSendError';
  }
}

/** Lines longer than `maxPacketSize` bytes: they can never be sent whole, so they are dropped. */
export class StatsdLineTooLongError extends Error {
  readonly code = 'METERKIT_STATSD_LINE_TOO_LONG';
  constructor(
    readonly dropped: number,
    readonly bytes: number,
    readonly maxPacketSize: number,
    readonly example: string,
  ) {
    super(
      `${dropped} StatsD line(s) dropped: longer than statsd.maxPacketSize=${maxPacketSize} bytes ` +
        `(e.g. ${bytes} bytes: ${JSON.stringify(example.length > 120 ? `${example.slice(0, 120)}…` : example)}); ` +
        'raise maxPacketSize or use fewer or shorter tags',
    );
    this.name = 'StatsdLineTooLongError';
  }
}
