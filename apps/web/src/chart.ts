import uPlot from 'uplot';
import type { DepthChartData } from './depth.js';

const BID = '#1f9d55';
/** Axis labels that fit a phone: 12.5K, 1.2M. */
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const plain = new Intl.NumberFormat('en', { maximumFractionDigits: 8 });
const ASK = '#d64545';

/** Shades what lies beyond the exact region (not guaranteed) and draws the mid, under the series. */
function drawMarks(u: uPlot, data: () => DepthChartData | undefined): void {
  const d = data();
  if (d === undefined) return;
  const { ctx } = u;
  const { left, top, width, height } = u.bbox;
  const xAt = (price: number): number => Math.min(left + width, Math.max(left, u.valToPos(price, 'x', true)));
  ctx.save();
  if (d.exactLow === null || d.exactHigh === null) {
    ctx.fillStyle = 'rgba(128,128,128,0.18)';
    ctx.fillRect(left, top, width, height);
  } else {
    const low = xAt(d.exactLow);
    const high = xAt(d.exactHigh);
    ctx.fillStyle = 'rgba(128,128,128,0.18)';
    if (low > left) ctx.fillRect(left, top, low - left, height);
    if (high < left + width) ctx.fillRect(high, top, left + width - high, height);
    ctx.fillStyle = 'rgba(60,130,220,0.07)';
    ctx.fillRect(low, top, high - low, height);
  }
  if (d.mid !== null) {
    const x = xAt(d.mid);
    ctx.strokeStyle = 'rgba(128,128,128,0.9)';
    ctx.setLineDash([4, 4]);
    ctx.lineWidth = devicePixelRatio;
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
  }
  ctx.restore();
}

/** A book's cumulative depth chart: stepped bid and ask areas around the mid, the exact region marked. */
export class DepthChart {
  private readonly plot: uPlot;
  private data: DepthChartData | undefined;

  constructor(container: HTMLElement) {
    const stepped = uPlot.paths.stepped?.({ align: 1 });
    const opts: uPlot.Options = {
      width: Math.max(200, container.clientWidth),
      height: 160,
      legend: { show: false },
      cursor: { show: false },
      scales: {
        x: { time: false, range: (_u, min, max) => (this.data?.xMin != null && this.data.xMax != null && this.data.xMax > this.data.xMin ? [this.data.xMin, this.data.xMax] : [min, max]) },
      },
      axes: [
        { stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.15)' }, ticks: { show: false }, size: 28, font: '11px system-ui, sans-serif', values: (_u, ticks) => ticks.map((t) => plain.format(t)) },
        { stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.15)' }, ticks: { show: false }, size: 44, font: '11px system-ui, sans-serif', values: (_u, ticks) => ticks.map((t) => compact.format(t)) },
      ],
      series: [
        {},
        { label: 'bids', stroke: BID, fill: 'rgba(31,157,85,0.25)', width: 1.5, points: { show: false }, ...(stepped ? { paths: stepped } : {}) },
        { label: 'asks', stroke: ASK, fill: 'rgba(214,69,69,0.25)', width: 1.5, points: { show: false }, ...(stepped ? { paths: stepped } : {}) },
      ],
      hooks: { drawClear: [(u) => drawMarks(u, () => this.data)] },
    };
    this.plot = new uPlot(opts, [[], [], []], container);
    // Cards change width with the window (one column on a phone): the chart follows its container.
    new ResizeObserver(() => this.plot.setSize({ width: Math.max(200, container.clientWidth), height: 160 })).observe(container);
  }

  /** Draws new data. */
  update(data: DepthChartData): void {
    this.data = data;
    this.plot.setData([data.x, data.bids, data.asks]);
  }
}
