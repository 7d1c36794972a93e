/**
 * The page's filter box. Words separated by spaces, all of which must match a series:
 * `key=value` (the tag has exactly that value; `*` matches any run of characters),
 * `key!=value` (it does not), or a plain word, found anywhere in the metric name or the tags.
 * Case-insensitive.
 */
export type SeriesPredicate = (family: string, tags: Readonly<Record<string, string>>) => boolean;

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** Compiles the filter text once; the predicate runs for every series on every redraw. */
export function parseTagFilter(text: string): SeriesPredicate {
  const tests: SeriesPredicate[] = [];
  for (const word of text.trim().split(/\s+/).filter(Boolean)) {
    const match = /^([^=!]+)(!?=)(.*)$/.exec(word);
    if (match) {
      const [, key, operator, value] = match as unknown as [string, string, string, string];
      const pattern = globToRegExp(value);
      const negate = operator === '!=';
      tests.push((_, tags) => pattern.test(tags[key] ?? '') !== negate);
    } else {
      const needle = word.toLowerCase();
      tests.push((family, tags) => {
        if (family.toLowerCase().includes(needle)) return true;
        for (const key in tags) if (`${key}=${tags[key]}`.toLowerCase().includes(needle)) return true;
        return false;
      });
    }
  }
  return (family, tags) => tests.every((test) => test(family, tags));
}

/**
 * The namespace a family is grouped under: its name up to the first `_` or `.`
 * (`demo_http_requests_total` -> `demo`, `http.server.duration` -> `http`).
 */
export function namespaceOf(name: string): string {
  const end = name.search(/[_.]/);
  return end <= 0 ? name : name.slice(0, end);
}
