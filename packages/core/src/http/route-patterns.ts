import { InvalidInstrumentationOptionError } from '../instrumentation-option-error.js';

/** One `/`-separated part of a pattern. */
type PatternSegment =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'param' }
  | { readonly kind: 'rest' };

interface CompiledPattern {
  readonly template: string;
  readonly segments: readonly PatternSegment[];
}

/**
 * Finds the route template of a request path among patterns such as `/users/:id` or `/static/*`:
 * `:name` matches exactly one non-empty segment, a final `*` matches whatever remains (also nothing).
 * The query string is ignored, a trailing slash is optional, and matching is case-sensitive (as in
 * express and fastify). The first pattern that matches wins, so list specific patterns first.
 * Returns `undefined` when none matches: the caller then uses its "unmatched" value.
 */
export type RouteMatcher = (url: string) => string | undefined;

/** Compiles route patterns once; the returned matcher walks the URL in place and allocates nothing. */
export function compileRoutePatterns(patterns: readonly string[]): RouteMatcher {
  if (!Array.isArray(patterns)) {
    throw new InvalidInstrumentationOptionError('instrumentHandler', 'routes', patterns, 'must be an array');
  }
  const compiled = patterns.map(compilePattern);
  return (url) => {
    const end = pathEnd(url);
    for (const pattern of compiled) {
      if (matches(pattern.segments, url, end)) return pattern.template;
    }
    return undefined;
  };
}

function compilePattern(template: unknown): CompiledPattern {
  if (typeof template !== 'string' || !template.startsWith('/')) {
    throw new InvalidInstrumentationOptionError(
      'instrumentHandler',
      'routes',
      template,
      'is not a route pattern: each must be a string starting with "/", such as "/users/:id"',
    );
  }
  const parts = template.split('/').slice(1);
  // "/" and "/users/" have an empty last part: the trailing slash is optional anyway.
  if (parts[parts.length - 1] === '') parts.pop();
  const segments = parts.map((part, index): PatternSegment => {
    if (part === '*') {
      if (index !== parts.length - 1) {
        throw new InvalidInstrumentationOptionError(
          'instrumentHandler',
          'routes',
          template,
          'has "*" before its end: a wildcard may only be the last segment',
        );
      }
      return { kind: 'rest' };
    }
    if (part.startsWith(':')) {
      if (part.length === 1) {
        throw new InvalidInstrumentationOptionError(
          'instrumentHandler',
          'routes',
          template,
          'has an unnamed ":"',
        );
      }
      return { kind: 'param' };
    }
    if (part === '') {
      throw new InvalidInstrumentationOptionError(
        'instrumentHandler',
        'routes',
        template,
        'has an empty segment',
      );
    }
    return { kind: 'literal', text: part };
  });
  return { template, segments };
}

/** Index where the path of a request target ends: at the query string, if any. */
function pathEnd(url: string): number {
  const query = url.indexOf('?');
  return query === -1 ? url.length : query;
}

function matches(segments: readonly PatternSegment[], url: string, end: number): boolean {
  if (url.charCodeAt(0) !== 47 /* '/' */) return false;
  let position = 1;
  for (const segment of segments) {
    if (segment.kind === 'rest') return true;
    if (position >= end) return false;
    let segmentEnd = url.indexOf('/', position);
    if (segmentEnd === -1 || segmentEnd > end) segmentEnd = end;
    if (segment.kind === 'literal') {
      if (segmentEnd - position !== segment.text.length || !url.startsWith(segment.text, position))
        return false;
    } else if (segmentEnd === position) {
      return false;
    }
    position = segmentEnd + 1;
  }
  // Every pattern segment was used: the path must be finished, one trailing slash allowed.
  return position >= end;
}
