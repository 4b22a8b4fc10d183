/**
 * The name a task or memory figure goes by in progress lines and --filter. No spaces: nx forwards
 * `--filter` to the script unquoted, so a filter with spaces would arrive as several arguments.
 */
export function taskName(workload: string, measure: string, contender: string): string {
  return `${workload}/${measure}/${contender}`;
}

/** True when `name` is selected by a --filter: substrings separated by commas, any one of them (case-insensitive; no filter selects all). */
export function matchesFilter(name: string, filter: string | undefined): boolean {
  if (filter === undefined) return true;
  const lower = name.toLowerCase();
  return filter
    .toLowerCase()
    .split(',')
    .some((part) => part !== '' && lower.includes(part));
}
