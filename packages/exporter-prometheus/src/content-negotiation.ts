/** The exposition formats a scrape can get. */
export type ExpositionFormatName = 'prometheus-text' | 'prometheus-text-utf8' | 'openmetrics' | 'protobuf';

/** Which formats a handler may serve besides text 0.0.4 (which it always may). */
export interface NegotiableFormats {
  /** OpenMetrics 1.0 text. */
  readonly openMetrics: boolean;
  /** The delimited `io.prometheus.client.MetricFamily` protobuf exposition. */
  readonly protobuf: boolean;
  /** Text with quoted UTF-8 names for scrapers sending `escaping=allow-utf-8`. Default false. */
  readonly utf8Names?: boolean;
}

interface MediaRange {
  readonly type: string;
  readonly params: ReadonlyMap<string, string>;
  readonly quality: number;
}

function parseMediaRange(part: string): MediaRange | undefined {
  const [typeText, ...paramTexts] = part.split(';');
  const type = typeText?.trim().toLowerCase() ?? '';
  if (type === '') return undefined;
  const params = new Map<string, string>();
  for (const paramText of paramTexts) {
    const eq = paramText.indexOf('=');
    if (eq < 0) continue;
    const key = paramText.slice(0, eq).trim().toLowerCase();
    const value = paramText
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    params.set(key, value);
  }
  const q = params.has('q') ? Number(params.get('q')) : 1;
  return { type, params, quality: Number.isFinite(q) ? q : 0 };
}

/**
 * Which format one media range asks for, or undefined when it asks for none this exporter serves.
 * OpenMetrics is served for version 1.0.0, for no version (OpenMetrics: negotiation "MUST default
 * to the oldest version of the standard (i.e. 1.0.0)") and for the draft 0.0.1 that Prometheus also
 * lists; a newer major version is not something this exporter can produce. Protobuf is served only
 * as the message and framing Prometheus names (`proto=io.prometheus.client.MetricFamily;
 * encoding=delimited`), the one client_golang's `expfmt` also negotiates.
 */
function formatOf(range: MediaRange, allowed: NegotiableFormats): ExpositionFormatName | undefined {
  const version = range.params.get('version');
  switch (range.type) {
    case 'application/vnd.google.protobuf':
      return allowed.protobuf &&
        range.params.get('proto') === 'io.prometheus.client.MetricFamily' &&
        range.params.get('encoding') === 'delimited'
        ? 'protobuf'
        : undefined;
    case 'application/openmetrics-text':
      if (!allowed.openMetrics) return undefined;
      return version === undefined || version.startsWith('1.0') || version === '0.0.1'
        ? 'openmetrics'
        : undefined;
    case 'text/plain':
      // Prometheus 3 asks for `text/plain;version=1.0.0;escaping=allow-utf-8` when it reads UTF-8 names.
      if (allowed.utf8Names === true && range.params.get('escaping') === 'allow-utf-8')
        return version === undefined || version === '0.0.4' || version === '1.0.0'
          ? 'prometheus-text-utf8'
          : undefined;
      return version === undefined || version === '0.0.4' ? 'prometheus-text' : undefined;
    case '*/*':
    case 'text/*':
      return 'prometheus-text';
    default:
      return undefined;
  }
}

/**
 * Picks the format for a scrape from its `Accept` header, by quality (ties go to the first listed).
 * Prometheus 2.42 sends `application/openmetrics-text;version=1.0.0,…;q=0.75,text/plain;version=0.0.4;q=0.5,*\/*;q=0.1`
 * and so gets OpenMetrics; started with `--enable-feature=native-histograms` it lists
 * `application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7`
 * before that and gets protobuf, the only format that carries native histograms. curl, browsers and
 * anything unrecognised get text 0.0.4, as do all scrapes when the other formats are disabled.
 * `openMetrics` is a boolean for the callers that predate protobuf (protobuf then stays allowed).
 */
export function negotiateFormat(
  accept: string | undefined,
  allowed: boolean | Partial<NegotiableFormats> = true,
): ExpositionFormatName {
  const formats: NegotiableFormats =
    typeof allowed === 'boolean'
      ? { openMetrics: allowed, protobuf: true }
      : {
          openMetrics: allowed.openMetrics ?? true,
          protobuf: allowed.protobuf ?? true,
          utf8Names: allowed.utf8Names ?? false,
        };
  if (accept === undefined || accept === '') return 'prometheus-text';
  let best: ExpositionFormatName = 'prometheus-text';
  let bestQuality = 0;
  for (const part of accept.split(',')) {
    const range = parseMediaRange(part);
    if (range === undefined || range.quality <= bestQuality) continue;
    const format = formatOf(range, formats);
    if (format === undefined) continue;
    best = format;
    bestQuality = range.quality;
  }
  return best;
}

/** True when an `Accept-Encoding` header allows gzip (`gzip` or `*` with a non-zero quality). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (acceptEncoding === undefined) return false;
  let gzipQuality: number | undefined;
  let wildcardQuality: number | undefined;
  for (const part of acceptEncoding.split(',')) {
    const range = parseMediaRange(part);
    if (range === undefined) continue;
    if (range.type === 'gzip' || range.type === 'x-gzip') gzipQuality = range.quality;
    else if (range.type === '*') wildcardQuality = range.quality;
  }
  return (gzipQuality ?? wildcardQuality ?? 0) > 0;
}
