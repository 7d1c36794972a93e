import { describe, expect, it } from 'vitest';
import { compileRoutePatterns } from './route-patterns.js';

describe('compileRoutePatterns', () => {
  const match = compileRoutePatterns(['/', '/users/me', '/users/:id', '/users/:id/posts/:post', '/static/*']);

  it.each([
    ['/', '/'],
    ['/?page=2', '/'],
    ['/users/me', '/users/me'],
    ['/users/42', '/users/:id'],
    ['/users/42/', '/users/:id'],
    ['/users/42?expand=1', '/users/:id'],
    ['/users/42/posts/7', '/users/:id/posts/:post'],
    ['/static', '/static/*'],
    ['/static/css/site.css', '/static/*'],
  ])('%s → %s', (url, template) => {
    expect(match(url)).toBe(template);
  });

  it.each([
    '/users',
    '/users/',
    '/users//',
    '/users/42/posts',
    '/users/42/extra',
    '/Users/42',
    '/staticfiles',
    '//users/42',
    'http://example.com/users/42',
    '',
  ])('%s matches nothing', (url) => {
    expect(match(url)).toBeUndefined();
  });

  it('uses the first pattern that matches', () => {
    expect(compileRoutePatterns(['/users/:id', '/users/me'])('/users/me')).toBe('/users/:id');
  });

  it.each([
    ['users/:id', /is not a route pattern/],
    ['/a/*/b', /a wildcard may only be the last segment/],
    ['/users/:', /unnamed ":"/],
    ['/a//b', /empty segment/],
  ])('rejects %s', (pattern, message) => {
    expect(() => compileRoutePatterns([pattern])).toThrow(message);
  });
});
