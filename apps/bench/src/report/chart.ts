import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { DepthPoint } from './summarize.js';

/** What a quick run's chart and terminal output say of themselves: its figures come from tiny time budgets. */
export const SMOKE_RUN_NOTE = 'SMOKE RUN (--quick): tiny time budgets, one round; these figures are not results';

/**
 * The vega-lite spec of the depth chart: ns per level change against levels per side, log-log, one line per book.
 * A quick run's chart says in its title that it is a smoke run, so it is never mistaken for a measurement.
 */
export function depthChartSpec(points: readonly DepthPoint[], quick = false): vl.TopLevelSpec {
  const subtitle = 'synthetic traffic shaped like spot BTCUSDT; lower is better';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: quick
      ? { text: `Cost per level change against book depth: ${SMOKE_RUN_NOTE}`, subtitle, color: '#b00020' }
      : { text: 'Cost per level change against book depth', subtitle },
    data: { values: points.map((p) => ({ ...p })) },
    facet: { column: { field: 'measure', type: 'nominal', title: null, sort: ['replay', 'replay+best'] } },
    spec: {
      width: 320,
      height: 260,
      layer: [{ mark: { type: 'line', point: true } }],
      encoding: {
        x: { field: 'depth', type: 'quantitative', scale: { type: 'log' }, title: 'levels per side', axis: { values: [100, 1000, 10000, 100000], format: '~s' } },
        y: { field: 'nsPerChange', type: 'quantitative', scale: { type: 'log' }, title: 'ns per level change' },
        color: { field: 'contender', type: 'nominal', title: 'book' },
        tooltip: [{ field: 'contender' }, { field: 'depth' }, { field: 'nsPerChange', format: '.0f' }],
      },
    },
    config: { background: 'white' },
  };
}

/** Renders the depth chart to an SVG string, headless (vega's SVG renderer needs no canvas). */
export async function renderDepthChart(points: readonly DepthPoint[], quick = false): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(depthChartSpec(points, quick)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
