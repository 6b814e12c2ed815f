// A small SVG chart of a build's events/s and lag over the last minutes. No library: two polylines on one grid,
// each scaled to its own maximum, drawn with presentation attributes (the page's CSP allows no inline style).

const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 300;
const HEIGHT = 70;

export const WINDOW_MS = 5 * 60 * 1000;

function svg(tag, attributes) {
  const node = document.createElementNS(NS, tag);
  Object.entries(attributes).forEach(([k, v]) => node.setAttribute(k, v));
  return node;
}

export class BuildChart {
  constructor(label) {
    this.samples = [];
    this.root = svg('svg', {viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: WIDTH, height: HEIGHT, role: 'img',
      class: 'chart', 'aria-label': label});
    this.root.append(svg('rect', {x: 0, y: 0, width: WIDTH, height: HEIGHT, fill: 'none', stroke: '#d0d7de'}));
    this.rate = svg('polyline', {fill: 'none', stroke: '#0b5cad', 'stroke-width': 2, class: 'rate'});
    this.lag = svg('polyline', {fill: 'none', stroke: '#b3261e', 'stroke-width': 2, 'stroke-dasharray': '4 3',
      class: 'lag'});
    this.root.append(this.rate, this.lag);
    this.label = label;
  }

  add(now, eventsPerSecond, lag) {
    this.samples.push({t: now, rate: eventsPerSecond, lag});
    this.samples = this.samples.filter((s) => s.t >= now - WINDOW_MS);
    this.draw(now);
  }

  draw(now) {
    const maxRate = Math.max(1, ...this.samples.map((s) => s.rate));
    const maxLag = Math.max(1, ...this.samples.map((s) => s.lag));
    const x = (t) => ((t - (now - WINDOW_MS)) / WINDOW_MS * WIDTH).toFixed(1);
    const y = (v, max) => (HEIGHT - 2 - v / max * (HEIGHT - 4)).toFixed(1);
    this.rate.setAttribute('points', this.samples.map((s) => `${x(s.t)},${y(s.rate, maxRate)}`).join(' '));
    this.lag.setAttribute('points', this.samples.map((s) => `${x(s.t)},${y(s.lag, maxLag)}`).join(' '));
    const last = this.samples[this.samples.length - 1];
    this.root.setAttribute('aria-label', `${this.label}: ${this.samples.length} samples over the last 5 minutes; `
        + `now ${Math.round(last.rate)} events/s (peak ${Math.round(maxRate)}), lag ${last.lag} (peak ${maxLag})`);
    this.root.dataset.samples = String(this.samples.length);
  }
}
