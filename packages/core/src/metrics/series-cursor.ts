import { keepShape } from '../keep-shape.js';
import type { SeriesWalkVisitor } from './family.js';
import type { ValueTrie } from './value-trie.js';
import { TrieCursor, type TrieCursorVisitor } from './value-trie-cursor.js';

/** A walk in steps: {@link StepwiseWalk.walk} visits at most `budget` more series. */
export interface StepwiseWalk {
  walk(budget: number): void;
  /** True once every series was visited. */
  readonly finished: boolean;
}

/**
 * A family's {@link MetricFamily.walkSeries} in steps (see {@link TrieCursor}): the untagged series
 * when shown, then each key set and its series, at most `budget` series per {@link SeriesCursor.walk}.
 */
export class SeriesCursor<S extends object> implements StepwiseWalk, TrieCursorVisitor<S> {
  private trieIndex = -1;
  private cursor: TrieCursor<S> | undefined;
  private depth = 0;
  /** A hidden series' levels still count as changed for the next visible one. */
  private hiddenFrom = 0;
  /** True once every series was visited. */
  finished = false;

  /**
   * @param root - the untagged series when it is shown.
   * @param tries - the key sets' tries, as they were when the walk started.
   * @param hidden - series not to show (pristine base handles), if any: a function that lives as
   *   long as the family (see {@link TrieCursorVisitor} for why not one per cursor).
   */
  constructor(
    private readonly visitor: SeriesWalkVisitor<S>,
    private root: S | undefined,
    private readonly tries: readonly ValueTrie<S>[],
    private readonly hidden: ((series: S) => boolean) | undefined,
  ) {
    keepShape(this);
  }

  /** Visits up to `budget` more series (at least one while any is left). */
  walk(budget: number): void {
    let left = budget;
    if (this.root !== undefined) {
      this.visitor.root(this.root);
      this.root = undefined;
      left--;
    }
    while (left > 0 && !this.finished) {
      if (this.cursor === undefined || this.cursor.finished) {
        this.trieIndex++;
        const trie = this.tries[this.trieIndex];
        if (trie === undefined) {
          this.finished = true;
          return;
        }
        this.cursor = new TrieCursor(trie);
        this.depth = trie.keys.length;
        this.hiddenFrom = this.depth;
        this.visitor.keySet(trie.keys);
      }
      left -= this.cursor.walk(left, this);
    }
  }

  /** One series of the current key set, from the trie cursor. */
  visitSeries(values: readonly unknown[], series: S, changedFrom: number): void {
    if (this.hidden?.(series) === true) {
      this.hiddenFrom = Math.min(this.hiddenFrom, changedFrom);
      return;
    }
    this.visitor.series(values, Math.min(changedFrom, this.hiddenFrom), series);
    this.hiddenFrom = this.depth;
  }
}
