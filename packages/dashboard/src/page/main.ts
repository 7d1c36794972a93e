/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import {
  type FrameMessage,
  type HelloMessage,
  type ProblemMessage,
  STREAM_EVENTS,
} from '../stream-protocol.js';
import { FamilyPanel } from './family-panel.js';
import { SeriesStore } from './series-store.js';
import { namespaceOf, parseTagFilter, type SeriesPredicate } from './tag-filter.js';

// The page: subscribes to the event stream next to it, keeps the last 60 minutes in a SeriesStore
// and redraws the visible charts once per animation frame after data arrives.

const body = document.body;
const groupsBox = document.getElementById('groups')!;
const statusLine = document.getElementById('status')!;
const notice = document.getElementById('notice')!;
const filterBox = document.getElementById('filter') as HTMLInputElement;
const windowButtons = [...document.querySelectorAll<HTMLButtonElement>('[data-window-minutes]')];

let hello: HelloMessage | undefined;
let store: SeriesStore | undefined;
let matches: SeriesPredicate = parseTagFilter('');
let windowMs = 5 * 60_000;
let frames = 0;
let problem = '';
let renderQueued = false;
const panels = new Map<string, FamilyPanel>();
const visibility = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) {
      const panel = panels.get((entry.target as HTMLElement).dataset.family ?? '');
      if (!panel) continue;
      panel.visible = entry.isIntersecting;
      if (panel.visible && panel.stale) scheduleRender();
    }
  },
  { rootMargin: '300px' },
);

function setState(state: string): void {
  body.dataset.state = state;
}

/** Creates panels for new families, drops those of vanished ones, and orders them by namespace. */
function syncPanels(current: SeriesStore): void {
  for (const [name, panel] of panels)
    if (!current.families.has(name)) {
      visibility.unobserve(panel.element);
      panel.destroy();
      panels.delete(name);
    }
  const byNamespace = new Map<string, FamilyPanel[]>();
  const names = [...current.families.keys()].sort();
  for (const name of names) {
    let panel = panels.get(name);
    if (!panel) {
      panel = new FamilyPanel(current.families.get(name)!, hello?.maxSeriesPerChart ?? 50);
      panels.set(name, panel);
      visibility.observe(panel.element);
    }
    const namespace = namespaceOf(name);
    byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), panel]);
  }
  const sections = [...byNamespace].map(([namespace, members]) => {
    const section = document.createElement('section');
    section.className = 'namespace';
    section.dataset.namespace = namespace;
    const title = document.createElement('h2');
    title.textContent = namespace;
    const grid = document.createElement('div');
    grid.className = 'grid';
    grid.append(...members.map((panel) => panel.element));
    section.append(title, grid);
    return section;
  });
  groupsBox.replaceChildren(...sections);
}

function describeStatus(current: SeriesStore | undefined): string {
  if (!current) return 'connecting…';
  const parts = [`${current.families.size} metrics`, `${current.seriesCount} series`, `${frames} updates`];
  const latest = current.times.latest();
  if (latest !== undefined) parts.push(`last at ${new Date(latest).toLocaleTimeString()}`);
  return parts.join(' · ');
}

function describeNotice(current: SeriesStore | undefined): string {
  if (problem) return problem;
  if (hello?.noop)
    return 'This is the noop provider (metrics are disabled): nothing is recorded, so there is nothing to draw.';
  if (current && frames > 0 && current.families.size === 0)
    return 'Nothing recorded yet: no metric has a series.';
  if (current && current.omitted > 0)
    return `${current.omitted} series are not shown: the provider has more than the dashboard's maxSeries.`;
  return '';
}

function render(): void {
  renderQueued = false;
  if (!store) return;
  for (const panel of panels.values()) {
    panel.applyFilter(matches);
    if (panel.visible) panel.update(store, matches, windowMs);
    else panel.stale = true;
  }
  statusLine.textContent = describeStatus(store);
  notice.textContent = describeNotice(store);
  notice.hidden = notice.textContent === '';
  body.dataset.frames = String(frames);
  if (body.dataset.firstChartMs === undefined && document.querySelector('.chart canvas'))
    body.dataset.firstChartMs = performance.now().toFixed(0);
}

function scheduleRender(): void {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(render);
}

function markAllStale(): void {
  for (const panel of panels.values()) panel.stale = true;
  scheduleRender();
}

const stream = new EventSource('events');
stream.addEventListener(STREAM_EVENTS.hello, (event) => {
  hello = JSON.parse((event as MessageEvent<string>).data) as HelloMessage;
  // One slot per frame over the longest window, plus one for the frame the rate starts from.
  store ??= new SeriesStore(Math.ceil(hello.historyMs / hello.intervalMs) + 2);
  store.connected();
  setState('live');
  scheduleRender();
});
stream.addEventListener(STREAM_EVENTS.frame, (event) => {
  if (!store) return;
  const frame = JSON.parse((event as MessageEvent<string>).data) as FrameMessage;
  const effect = store.applyFrame(frame);
  frames++;
  problem = '';
  if (effect.structureChanged) syncPanels(store);
  scheduleRender();
});
stream.addEventListener(STREAM_EVENTS.problem, (event) => {
  problem = (JSON.parse((event as MessageEvent<string>).data) as ProblemMessage).message;
  scheduleRender();
});
stream.addEventListener('error', () => {
  setState(stream.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
  statusLine.textContent = 'connection lost, reconnecting…';
});

let filterTimer: number | undefined;
filterBox.addEventListener('input', () => {
  clearTimeout(filterTimer);
  filterTimer = window.setTimeout(() => {
    matches = parseTagFilter(filterBox.value);
    markAllStale();
  }, 150);
});

for (const button of windowButtons)
  button.addEventListener('click', () => {
    windowMs = Number(button.dataset.windowMinutes) * 60_000;
    for (const other of windowButtons) other.setAttribute('aria-pressed', String(other === button));
    body.dataset.windowMinutes = button.dataset.windowMinutes;
    markAllStale();
  });

let resizeTimer: number | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(markAllStale, 200);
});
