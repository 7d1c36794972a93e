import { escapeLabelValue } from './label-escaping.js';

/**
 * Renders the label sets of consecutive series incrementally. Core walks its tag index level by
 * level, so consecutive series share their leading labels (`{method="GET",route="/a",…` then
 * `{method="GET",route="/b",…`): the rendered prefix up to each position is kept, and only the
 * positions from the first changed one on are rendered again. Each level's prefix is then built
 * once per scrape, not once per series.
 */
export class LabelPrefixes {
  /** `opened[p]`: the labels at positions 0 … p-1, as `{k="v",k="v"` (`''` for p = 0). */
  private readonly opened: string[] = [''];
  private count = 0;

  /**
   * Sets the label at `position` (every position before it must be set already for this series).
   * The key must be a classic Prometheus label name: others take the general writer, which
   * translates and re-sorts them.
   */
  set(position: number, key: string, value: string): void {
    const opened = this.opened;
    opened[position + 1] =
      `${opened[position]}${position === 0 ? '{' : ','}${key}="${escapeLabelValue(value)}"`;
  }

  /** Ends the current series with `count` labels. */
  setCount(count: number): void {
    this.count = count;
  }

  /** `{k="v",…} ` (or ` ` without labels): what follows the sample name up to the value. */
  closed(): string {
    return this.count === 0 ? ' ' : `${this.opened[this.count]}} `;
  }

  /** `{k="v",…,extra="` (or `{extra="`): a line whose last label the caller completes. */
  open(extraLabel: string): string {
    return `${this.count === 0 ? '{' : `${this.opened[this.count]},`}${extraLabel}="`;
  }
}
