// Horizontal grouped bar charts as SVG text: one row per category, one bar per series, an optional
// threshold mark per row (a gate). Every piece of text is escaped, so the markup is safe to insert.

export interface Series {
  name: string;
  colour: string;
}

export interface Row {
  label: string;
  values: (number | undefined)[];
  mark?: number;
  markLabel?: string;
}

export interface ChartSpec {
  title: string;
  series: Series[];
  rows: Row[];
  max: number;
  format: (v: number) => string;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const WIDTH = 640;
const LABEL = 170;
const VALUE = 60;
const BAR = 14;
const GAP = 10;
const LEGEND = 24;

export function barChart(spec: ChartSpec): string {
  const plot = WIDTH - LABEL - VALUE;
  const rowHeight = spec.series.length * BAR + GAP;
  const height = LEGEND + spec.rows.length * rowHeight + 4;
  const x = (v: number) => (Math.max(0, Math.min(v, spec.max)) / spec.max) * plot;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="${escapeXml(spec.title)}">`,
    `<title>${escapeXml(spec.title)}</title>`,
  );
  spec.series.forEach((s, i) => {
    const lx = LABEL + i * 120;
    parts.push(
      `<rect x="${lx}" y="4" width="12" height="12" fill="${escapeXml(s.colour)}"/>`,
      `<text x="${lx + 16}" y="14" font-size="12">${escapeXml(s.name)}</text>`,
    );
  });
  spec.rows.forEach((row, r) => {
    const top = LEGEND + r * rowHeight;
    const label = row.label.length > 26 ? `${row.label.slice(0, 25)}…` : row.label;
    parts.push(
      `<text x="${LABEL - 6}" y="${top + (spec.series.length * BAR) / 2 + 4}" font-size="12" text-anchor="end"><title>${escapeXml(row.label)}</title>${escapeXml(label)}</text>`,
    );
    row.values.forEach((v, s) => {
      const y = top + s * BAR;
      if (v === undefined) {
        parts.push(`<text x="${LABEL + 4}" y="${y + 11}" font-size="11" fill="#666">not reported</text>`);
        return;
      }
      parts.push(
        `<rect x="${LABEL}" y="${y + 1}" width="${x(v).toFixed(1)}" height="${BAR - 2}" fill="${escapeXml(spec.series[s].colour)}"><title>${escapeXml(`${spec.series[s].name}: ${spec.format(v)}`)}</title></rect>`,
        `<text x="${(LABEL + x(v) + 4).toFixed(1)}" y="${y + 11}" font-size="11">${escapeXml(spec.format(v))}</text>`,
      );
    });
    if (row.mark !== undefined) {
      const mx = (LABEL + x(row.mark)).toFixed(1);
      parts.push(
        `<line x1="${mx}" x2="${mx}" y1="${top - 2}" y2="${top + spec.series.length * BAR + 2}" stroke="#b00020" stroke-width="2" stroke-dasharray="4 2"><title>${escapeXml(row.markLabel ?? `gate ${spec.format(row.mark)}`)}</title></line>`,
      );
    }
  });
  parts.push('</svg>');
  return parts.join('');
}
