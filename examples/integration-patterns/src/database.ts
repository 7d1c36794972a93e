// Seed 003's database query tracking: duration by query type, errors by query and error type.
import type { Counter, Provider, Timer } from '@meterkit/core';

/** Stands in for a driver: `execute` resolves rows or rejects like a real one. */
export type Execute = (sql: string) => Promise<unknown[]>;

export class MetricsAwareDb {
  private readonly duration: Timer;
  private readonly errors: Counter;

  /** db_query_duration_seconds{query_type} and db_query_errors_total{query_type, error_type}. */
  constructor(
    metrics: Provider,
    private readonly execute: Execute,
  ) {
    this.duration = metrics.timer('db_query_duration', {
      description: 'Database query duration',
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1],
      labelNames: ['query_type'],
    });
    this.errors = metrics.counter('db_query_errors_total', {
      description: 'Database query errors',
      labelNames: ['query_type', 'error_type'],
    });
  }

  /**
   * Runs `sql`, timed under `queryType`. `queryType` must be one fixed name per call site
   * (`select_user`), never the SQL text: every distinct value is a new series.
   */
  async query(queryType: string, sql: string): Promise<unknown[]> {
    try {
      return await this.duration.withTags({ query_type: queryType }).time(() => this.execute(sql));
    } catch (error) {
      // The error *class* is bounded; its message (with ids, SQL, hostnames) is not.
      const errorType = error instanceof Error ? error.constructor.name : 'unknown';
      this.errors.withTags({ query_type: queryType, error_type: errorType }).inc();
      throw error;
    }
  }
}
