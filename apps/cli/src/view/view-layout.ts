/** How the terminal view lays books out: side-by-side panels, price ladders, or one row per book. */
export const VIEW_LAYOUTS = ['panels', 'ladder', 'lines'] as const;
/** One of VIEW_LAYOUTS. */
export type ViewLayout = (typeof VIEW_LAYOUTS)[number];

/** The layout after `layout`, for the key that cycles them. */
export function nextLayout(layout: ViewLayout): ViewLayout {
  return VIEW_LAYOUTS[(VIEW_LAYOUTS.indexOf(layout) + 1) % VIEW_LAYOUTS.length] as ViewLayout;
}
