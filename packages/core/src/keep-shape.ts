import { describe } from './errors.js';

/** The newest instance of each class passed to {@link keepShape}, by constructor. */
const newest = new Map<unknown, object>();

/**
 * Keeps `instance`, the newest of its class, reachable until the next one, and returns it.
 *
 * For classes made afresh for every collection or scrape (a walk over the series, a body writer).
 * V8 reaches the hidden class ("map") an instance has once all its fields are set through
 * transitions it holds weakly. When a full garbage collection finds no instance of such a class
 * alive (the scrape is over), the map dies, and with it every optimized function that checked it:
 * the next scrape then ran its first 10,000-20,000 series unoptimized while V8 compiled the code
 * again, 6-12 ms of a 100,000-series scrape after each full collection on the bench machine. One
 * kept instance keeps the map, and the optimized code, alive.
 *
 * Whatever the kept instance references stays reachable until the next instance of its class
 * replaces it: classes that hold large memory let go of it when they are done.
 */
export function keepShape<T extends object>(instance: T): T {
  // An exporter author's helper: a plain-JS caller passing a primitive gets a clear error, not
  // "cannot read properties of undefined" (or a string kept as if it were a class's instance).
  if ((typeof instance !== 'object' && typeof instance !== 'function') || instance === null) {
    throw new TypeError(`keepShape: expected an object (a class's instance), got ${describe(instance)}`);
  }
  newest.set(instance.constructor, instance);
  return instance;
}
