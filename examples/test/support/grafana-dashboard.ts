/** The parts of a Grafana dashboard JSON model the tests read. */
export interface Dashboard {
  title: string;
  uid: string;
  schemaVersion: number;
  templating: { list: { name: string; type: string; query?: unknown }[] };
  panels: Panel[];
}

/** A dashboard panel with its Prometheus queries. */
export interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type?: string; uid?: string };
  targets: { refId: string; expr: string; datasource?: { type?: string; uid?: string } }[];
}

/** Panel types of Grafana's core plugins that can show Prometheus series. */
const PANEL_TYPES = new Set([
  'timeseries',
  'stat',
  'gauge',
  'bargauge',
  'table',
  'state-timeline',
  'heatmap',
]);

/**
 * Structural problems of a dashboard: what Grafana would refuse to import or render wrongly (missing
 * ids, overlapping or out-of-grid panels, queries without refId, undefined template variables).
 */
export function dashboardProblems(dashboard: Dashboard): string[] {
  const problems: string[] = [];
  if (!dashboard.title) problems.push('no title');
  if (!/^[a-zA-Z0-9_-]{1,40}$/.test(dashboard.uid ?? '')) problems.push(`bad uid ${dashboard.uid}`);
  if (!Number.isInteger(dashboard.schemaVersion)) problems.push('no schemaVersion');
  if (!Array.isArray(dashboard.panels) || dashboard.panels.length === 0) return [...problems, 'no panels'];
  const variables = new Set(dashboard.templating?.list?.map((variable) => variable.name) ?? []);
  const ids = new Set<number>();
  for (const panel of dashboard.panels) {
    const where = `panel ${panel.id} "${panel.title}"`;
    if (!Number.isInteger(panel.id) || ids.has(panel.id)) problems.push(`${where}: missing or duplicate id`);
    ids.add(panel.id);
    if (!panel.title) problems.push(`${where}: no title`);
    if (!PANEL_TYPES.has(panel.type)) problems.push(`${where}: unknown type ${panel.type}`);
    const { h, w, x, y } = panel.gridPos ?? {};
    if (![h, w, x, y].every((n) => Number.isInteger(n) && (n as number) >= 0) || (x ?? 0) + (w ?? 0) > 24) {
      problems.push(`${where}: gridPos ${JSON.stringify(panel.gridPos)} is outside the 24-column grid`);
    }
    if (!Array.isArray(panel.targets) || panel.targets.length === 0) problems.push(`${where}: no targets`);
    const refIds = new Set<string>();
    for (const target of panel.targets ?? []) {
      if (!target.refId || refIds.has(target.refId)) problems.push(`${where}: missing or duplicate refId`);
      refIds.add(target.refId);
      if (typeof target.expr !== 'string' || target.expr.trim() === '') problems.push(`${where}: empty expr`);
      for (const [, name] of target.expr.matchAll(/\$\{?([a-zA-Z_]\w*)/g)) {
        if (!name?.startsWith('__') && !variables.has(name as string)) {
          problems.push(`${where}: expr uses undefined variable $${name}`);
        }
      }
      for (const source of [panel.datasource, target.datasource]) {
        const uid = source?.uid?.match(/^\$\{(\w+)\}$/)?.[1];
        if (uid !== undefined && !variables.has(uid))
          problems.push(`${where}: datasource \${${uid}} undefined`);
      }
    }
  }
  for (const a of dashboard.panels) {
    for (const b of dashboard.panels) {
      if (a.id < b.id && overlaps(a.gridPos, b.gridPos)) problems.push(`panels ${a.id} and ${b.id} overlap`);
    }
  }
  return problems;
}

function overlaps(a: Panel['gridPos'], b: Panel['gridPos']): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** The query with Grafana's variables replaced, ready for Prometheus' API. */
export function resolveVariables(expr: string, values: Record<string, string>): string {
  return expr.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => values[name] ?? whole);
}

const NOT_METRICS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'Inf',
  'NaN',
]);

/** The metric names a PromQL expression reads (function names, labels, strings and ranges skipped). */
export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\b\d+(\.\d+)?([eE][+-]?\d+)?\b/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const isCall = /^\s*\(/.test(stripped.slice(match.index + match[0].length));
    if (!isCall && !NOT_METRICS.has(match[0])) names.add(match[0]);
  }
  return [...names];
}
