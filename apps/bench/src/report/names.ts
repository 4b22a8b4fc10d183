/** The name a task or memory figure goes by in tables, progress lines and --filter. */
export function taskName(workload: string, measure: string, contender: string): string {
  return `${workload} · ${measure} · ${contender}`;
}

/** True when `name` is selected by a --filter substring (case-insensitive; no filter selects all). */
export function matchesFilter(name: string, filter: string | undefined): boolean {
  return filter === undefined || name.toLowerCase().includes(filter.toLowerCase());
}
