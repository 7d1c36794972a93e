/*
 * Grouping key → URL path, as the Pushgateway README specifies and client_golang's push package
 * implements: `/metrics/job/<job>{/<label>/<value>}`. A value containing `/` cannot be
 * percent-encoded (routers decode %2F before matching), so it is sent as URL-safe base64 with the
 * name suffixed `@base64`; an empty value is `<label>@base64/=`.
 */

const BASE64_SUFFIX = '@base64';

/** Encodes one path component, switching to base64 when the plain form cannot be routed. */
export function encodeGroupingComponent(value: string): {
  readonly suffix: string;
  readonly encoded: string;
} {
  if (value === '') return { suffix: BASE64_SUFFIX, encoded: '=' };
  if (value.includes('/')) {
    return { suffix: BASE64_SUFFIX, encoded: Buffer.from(value, 'utf8').toString('base64url') };
  }
  return { suffix: '', encoded: encodeURIComponent(value) };
}

/** The grouping-key path below the gateway's base URL, e.g. `/metrics/job/batch/instance/a`. */
export function groupingPath(job: string, groupings: Readonly<Record<string, string>> = {}): string {
  const jobPart = encodeGroupingComponent(job);
  let path = `/metrics/job${jobPart.suffix}/${jobPart.encoded}`;
  // Sorted so that the same grouping key always maps to the same URL.
  for (const label of Object.keys(groupings).sort()) {
    const part = encodeGroupingComponent(groupings[label]!);
    path += `/${label}${part.suffix}/${part.encoded}`;
  }
  return path;
}

/** Joins the gateway base URL (which may carry a path prefix) with a grouping path. */
export function groupUrl(base: string, job: string, groupings?: Readonly<Record<string, string>>): URL {
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${groupingPath(job, groupings)}`;
  url.search = '';
  url.hash = '';
  return url;
}
