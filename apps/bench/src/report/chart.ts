import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { DepthPoint } from './summarize.js';

/** The vega-lite spec of the depth chart: ns per level change against levels per side, log-log, one line per book. */
export function depthChartSpec(points: readonly DepthPoint[]): vl.TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: 'Cost per level change against book depth', subtitle: 'synthetic traffic shaped like spot BTCUSDT; lower is better' },
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
export async function renderDepthChart(points: readonly DepthPoint[]): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(depthChartSpec(points)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
