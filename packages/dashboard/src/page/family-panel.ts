/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import uPlot from 'uplot';
import type { PageFamily, PageSeries, SeriesStore } from './series-store.js';
import type { SeriesPredicate } from './tag-filter.js';
import { axisLabel, formatValue } from './value-format.js';

/** Tableau 10: distinct on white and for the common forms of colour blindness. */
const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];
/** p50 solid, p90 dashed, p99 dotted: one colour per tag set, one dash per quantile. */
const DASHES: Record<string, number[] | undefined> = { p90: [6, 3], p99: [2, 3] };
const CHART_HEIGHT = 170;
const RATE_CHART_HEIGHT = 110;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The lines drawn in each chart of a family: histograms get quantiles above and their rate below. */
function chartGroups(family: PageFamily): string[][] {
  if (family.type === 'histogram' || family.type === 'timer')
    return [family.lines.filter((line) => line !== 'rate'), ['rate']];
  return [[...family.lines]];
}

function describeType(family: PageFamily): string {
  switch (family.type) {
    case 'counter':
      return 'counter · rate per second';
    case 'histogram':
    case 'timer':
      return `${family.type} · p50 / p90 / p99 per interval, and rate per second`;
    case 'summary':
      return 'summary · quantiles over its window';
    default:
      return family.type;
  }
}

/** One metric family on the page: its charts, a legend with the latest values, and the cap note. */
export class FamilyPanel {
  readonly element = element('section', 'panel');
  /** Set by the page's IntersectionObserver: only visible panels are redrawn. */
  visible = false;
  /** Data arrived while the panel was off screen. */
  stale = true;
  private readonly chartBox = element('div', 'charts');
  private readonly note = element('p', 'note');
  private readonly legendBody = element('tbody');
  private charts: uPlot[] = [];
  private drawnSignature = '';
  private legendCells: HTMLTableCellElement[][] = [];

  constructor(
    readonly family: PageFamily,
    private readonly maxSeriesPerChart: number,
  ) {
    this.element.dataset.family = family.name;
    this.element.dataset.type = family.type;
    const header = element('header');
    header.append(element('h3', '', family.name), element('span', 'kind', describeType(family)));
    if (family.description) header.append(element('p', 'description', family.description));
    const legend = element('table', 'legend');
    const head = element('tr');
    head.append(element('th'), element('th', '', 'series'));
    for (const line of family.lines) head.append(element('th', 'num', line));
    legend.append(element('thead'), this.legendBody);
    legend.tHead!.append(head);
    this.note.hidden = true;
    this.element.append(header, this.chartBox, this.note, legend);
  }

  /**
   * Hides the panel when no series passes the filter. Run for every panel, on screen or not: a
   * hidden panel is never on screen, so only this brings it back when the filter changes.
   */
  applyFilter(matches: SeriesPredicate): void {
    this.element.hidden = !this.family.series.some((series) => matches(this.family.name, series.tags));
  }

  /** Redraws from the store: the series that pass the filter (at most the cap) over the window. */
  update(store: SeriesStore, matches: SeriesPredicate, windowMs: number): void {
    this.stale = false;
    const matching = this.family.series.filter((series) => matches(this.family.name, series.tags));
    this.element.hidden = matching.length === 0;
    if (matching.length === 0) return;
    const drawn = matching.slice(0, this.maxSeriesPerChart);
    this.note.hidden = drawn.length === matching.length;
    this.note.textContent = `Showing ${drawn.length} of ${matching.length} series: narrow them with the filter.`;
    const width = Math.max(240, this.chartBox.clientWidth);
    const signature = `${width}|${drawn.map((series) => series.key).join('\u0001')}`;
    if (signature !== this.drawnSignature) this.rebuild(drawn, width, signature);

    const slots = store.times.window(windowMs);
    const xs = slots.map((slot) => store.times.timeAt(slot) / 1000);
    chartGroups(this.family).forEach((lines, chartIndex) => {
      const data: (number | null)[][] = [xs];
      for (const series of drawn)
        for (const line of lines) {
          const ring = series.lines[this.family.lines.indexOf(line)]!;
          data.push(slots.map((slot) => (Number.isNaN(ring[slot]!) ? null : ring[slot]!)));
        }
      this.charts[chartIndex]?.setData(data as uPlot.AlignedData);
    });
    const last = slots.at(-1);
    drawn.forEach((series, row) => {
      series.lines.forEach((ring, line) => {
        const cell = this.legendCells[row]![line]!;
        const value = last === undefined ? Number.NaN : ring[last]!;
        cell.textContent = formatValue(value);
        cell.dataset.value = String(value);
      });
    });
  }

  /** Frees the charts' canvases. */
  destroy(): void {
    for (const chart of this.charts) chart.destroy();
    this.charts = [];
  }

  private rebuild(drawn: PageSeries[], width: number, signature: string): void {
    this.destroy();
    this.chartBox.replaceChildren();
    this.drawnSignature = signature;
    chartGroups(this.family).forEach((lines, chartIndex) => {
      const target = element('div', 'chart');
      target.dataset.lines = lines.join(' ');
      this.chartBox.append(target);
      const series: uPlot.Series[] = [{}];
      drawn.forEach((entry, i) => {
        for (const line of lines)
          series.push({
            label: `${entry.label} ${line}`,
            stroke: PALETTE[i % PALETTE.length],
            width: 1.5,
            dash: DASHES[line],
            points: { show: false },
          });
      });
      const options: uPlot.Options = {
        width,
        // A histogram's rate chart sits under its quantiles: shorter, the quantiles are the point.
        height: chartIndex > 0 ? RATE_CHART_HEIGHT : CHART_HEIGHT,
        legend: { show: false },
        cursor: { points: { show: false }, drag: { x: false, y: false } },
        scales: { x: { time: true } },
        axes: [
          {},
          {
            size: 56,
            label: axisLabel(lines[0]!, this.family.unit),
            labelSize: 14,
            values: (_chart, splits) => splits.map(formatValue),
          },
        ],
        series,
      };
      this.charts.push(new uPlot(options, [[]], target));
    });
    this.legendCells = [];
    const rows = drawn.map((entry, i) => {
      const row = element('tr');
      row.dataset.series = entry.label;
      const swatch = element('td', 'swatch');
      const dot = element('span');
      dot.style.background = PALETTE[i % PALETTE.length]!;
      swatch.append(dot);
      row.append(swatch, element('td', 'label', entry.label));
      const cells = this.family.lines.map((line) => {
        const cell = element('td', 'num', '–');
        cell.dataset.line = line;
        row.append(cell);
        return cell;
      });
      this.legendCells.push(cells);
      return row;
    });
    this.legendBody.replaceChildren(...rows);
  }
}
