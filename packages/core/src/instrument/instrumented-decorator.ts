import { InvalidInstrumentationOptionError } from '../instrumentation-option-error.js';
import type { CallMetricsOptions } from './call-instruments.js';
import { callMetricsOptions } from './call-instruments.js';
import { measuredVersion } from './instrument-function.js';
import type { ProviderSource } from './provider-source.js';

type Method = (...args: never[]) => unknown;

/**
 * A method decorator usable both as a TC39 standard decorator (TypeScript 5's default) and as a
 * legacy one (`experimentalDecorators`, as in NestJS or Angular projects).
 */
export interface InstrumentedDecorator {
  /** Standard decorators: receives the method and returns its measured replacement. */
  <This, Args extends unknown[], Return>(
    method: (this: This, ...args: Args) => Return,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Return>,
  ): (this: This, ...args: Args) => Return;
  /** Legacy decorators: receives the prototype (or class), the key and the property descriptor. */
  <T>(
    target: object,
    propertyKey: string | symbol,
    descriptor: TypedPropertyDescriptor<T>,
  ): TypedPropertyDescriptor<T>;
}

/**
 * Decorates a class method so each call is counted by outcome and timed, exactly like
 * {@link instrumentFunction}; sync and async methods alike. Pass a provider getter when the
 * provider is created after the class is defined (the usual case):
 *
 * ```ts
 * class UserService {
 *   @Instrumented(() => metrics, { name: 'user_lookup' })
 *   async find(id: string) { … }
 * }
 * ```
 * Build tools must lower decorators: `tsc` and esbuild do; where yours does not (Vite 8's default
 * transformer, for one), use {@link instrumentMethod} instead.
 */
export function Instrumented(
  source: ProviderSource,
  options: CallMetricsOptions | string,
): InstrumentedDecorator {
  const resolved = callMetricsOptions('Instrumented', options);
  const decorate = (value: unknown, contextOrKey: unknown, descriptor?: PropertyDescriptor): unknown => {
    if (isStandardContext(contextOrKey)) {
      if (contextOrKey.kind !== 'method' || typeof value !== 'function') {
        throw new InvalidInstrumentationOptionError(
          'Instrumented',
          'target',
          String(contextOrKey.name),
          `is a ${contextOrKey.kind}: only methods can be instrumented`,
        );
      }
      return measuredVersion(value as Method, source, resolved);
    }
    if (descriptor === undefined || typeof descriptor.value !== 'function') {
      throw new InvalidInstrumentationOptionError(
        'Instrumented',
        'target',
        String(contextOrKey),
        'is not a method: only methods can be instrumented',
      );
    }
    descriptor.value = measuredVersion(descriptor.value as Method, source, resolved);
    return descriptor;
  };
  return decorate as InstrumentedDecorator;
}

/**
 * Replaces `target[key]` (usually a method on a class prototype) by its measured version, for code
 * that cannot use decorators: `instrumentMethod(UserService.prototype, 'find', provider, 'user_lookup')`.
 */
export function instrumentMethod<Target extends object, Key extends keyof Target & (string | symbol)>(
  target: Target,
  key: Key,
  source: ProviderSource,
  options: CallMetricsOptions | string,
): void {
  const resolved = callMetricsOptions('instrumentMethod', options);
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (descriptor === undefined || typeof descriptor.value !== 'function') {
    throw new InvalidInstrumentationOptionError(
      'instrumentMethod',
      'key',
      String(key),
      'is not an own method of the target (pass the prototype that declares it)',
    );
  }
  Object.defineProperty(target, key, {
    ...descriptor,
    value: measuredVersion(descriptor.value as Method, source, resolved),
  });
}

function isStandardContext(value: unknown): value is DecoratorContext {
  return (
    typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string'
  );
}
