import { describe, expect, it } from 'vitest';
import { namespaceOf, parseTagFilter } from './tag-filter.js';

const get500 = { method: 'GET', route: '/users/:id', status: '500' };
const post201 = { method: 'POST', route: '/orders', status: '201' };

describe('parseTagFilter', () => {
  it('matches everything when empty', () => {
    expect(parseTagFilter('  ')('x', {})).toBe(true);
  });

  it('matches key=value exactly, with * as a wildcard, case-insensitively', () => {
    const filter = parseTagFilter('method=get route=/users*');
    expect(filter('http_requests_total', get500)).toBe(true);
    expect(filter('http_requests_total', post201)).toBe(false);
    expect(parseTagFilter('status=50')('x', get500)).toBe(false);
  });

  it('excludes with key!=value, and a missing tag is the empty value', () => {
    expect(parseTagFilter('status!=500')('x', get500)).toBe(false);
    expect(parseTagFilter('status!=500')('x', post201)).toBe(true);
    expect(parseTagFilter('region!=eu')('x', post201)).toBe(true);
    expect(parseTagFilter('region=')('x', post201)).toBe(true);
  });

  it('finds a plain word in the metric name or in any tag', () => {
    expect(parseTagFilter('duration')('http_request_duration', {})).toBe(true);
    expect(parseTagFilter('orders')('http_requests_total', post201)).toBe(true);
    expect(parseTagFilter('orders')('http_requests_total', get500)).toBe(false);
  });

  it('treats regular-expression characters in values literally', () => {
    expect(parseTagFilter('route=/users/(.*)')('x', { route: '/users/(.*)' })).toBe(true);
    expect(parseTagFilter('route=/users/(.*)')('x', { route: '/users/1' })).toBe(false);
  });
});

describe('namespaceOf', () => {
  it('is the name up to the first underscore or dot', () => {
    expect(namespaceOf('demo_http_requests_total')).toBe('demo');
    expect(namespaceOf('http.server.duration')).toBe('http');
    expect(namespaceOf('uptime')).toBe('uptime');
    expect(namespaceOf('_private')).toBe('_private');
  });
});
