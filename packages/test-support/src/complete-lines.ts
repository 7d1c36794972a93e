/**
 * The lines of a file that another process is still appending to, without the last one when it
 * has no newline yet. A backend writes a record with one `write()`, but a reader can see a large
 * write half done (the file grows page by page), and parsing that fragment fails or, worse, reads
 * a truncated number. The fragment is read whole at the next poll.
 */
export function completeLines(text: string): string[] {
  const end = text.lastIndexOf('\n');
  if (end === -1) return [];
  return text
    .slice(0, end)
    .split('\n')
    .filter((line) => line !== '');
}
