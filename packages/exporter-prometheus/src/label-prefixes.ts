import type { Tag } from '@meterkit/core';
import { escapeLabelValue } from './label-escaping.js';

/**
 * Renders the label sets of consecutive series incrementally. Core's index walk hands consecutive
 * series the very same `Tag` objects for the levels they share (`{method="GET",route="/a",…`
 * then `{method="GET",route="/b",…`), so the rendered prefix up to each position is kept and only
 * the positions from the first differing tag on are rendered again: each level's prefix is built
 * once per scrape, not once per series.
 */
export class LabelPrefixes {
  /** `opened[p]`: the labels of positions 0 … p-1, as `{k="v",k="v"` (`''` for p = 0). */
  private readonly opened: string[] = [''];
  private readonly tags: Tag[] = [];
  private count = 0;

  /**
   * Sets the tags of the next series: its first `shared` tags are those of the previous series, and
   * its tag at position p (from `shared` up to `count`) is `source[offset + p]`. Every key must be a
   * classic Prometheus label name (the caller checks; others take the general path, which
   * translates and re-sorts them).
   */
  update(shared: number, count: number, source: readonly Tag[], offset: number): void {
    const opened = this.opened;
    for (let p = shared; p < count; p++) {
      const tag = source[offset + p]!;
      this.tags[p] = tag;
      opened[p + 1] = `${opened[p]}${p === 0 ? '{' : ','}${tag.key}="${escapeLabelValue(tag.value)}"`;
    }
    this.count = count;
  }

  /** Number of tags of the current series. */
  get size(): number {
    return this.count;
  }

  /** The tag at `position` of the current series (to compare identity with the next series). */
  tag(position: number): Tag {
    return this.tags[position]!;
  }

  /** `{k="v",…} ` (or ` ` without tags): what follows the sample name up to the value. */
  closed(): string {
    return this.count === 0 ? ' ' : `${this.opened[this.count]}} `;
  }

  /** `{k="v",…,extra="` (or `{extra="`): a line whose last label the caller completes. */
  open(extraLabel: string): string {
    return `${this.count === 0 ? '{' : `${this.opened[this.count]},`}${extraLabel}="`;
  }
}
