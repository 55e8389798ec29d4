import { describe, expect, it } from 'vitest';
import { readReport } from './report';
import { barChart, escapeXml } from './chart';

const gates = { minEfficacySuccess: 0.9, minParaphraseSuccess: 0.5, minNeighborhoodSuccess: 0.7, maxFluencyDrop: 5 };

describe('report', () => {
  it('reads before/after fractions and judges the gates', () => {
    const read = readReport(
      {
        before: { efficacySuccess: 0.1, paraphraseSuccess: 0.2, neighborhoodSuccess: 0.95, fluency: 600 },
        after: { efficacySuccess: 1, paraphraseSuccess: 0.4, neighborhoodSuccess: 0.8, fluency: 590 },
        edits: [{ editId: 'e1', before: { efficacy: 0 }, after: { efficacy: 1 } }],
      },
      gates,
    );
    expect(read.aggregates.map((a) => [a.key, a.before, a.after, a.passed])).toEqual([
      ['ES', 0.1, 1, true],
      ['PS', 0.2, 0.4, false],
      ['NS', 0.95, 0.8, true],
    ]);
    expect(read.fluency).toEqual({ before: 600, after: 590, maxDrop: 5, passed: false });
    expect(read.perEdit).toEqual([{ id: 'e1', before: 0, after: 1 }]);
  });

  it('reads the engine report in percent', () => {
    const read = readReport(
      { unedited: { ES: 20, PS: 10, NS: 90 }, metrics: { ES: 100, PS: 60, NS: 85, GE_before: 610, GE_after: 608 }, rows: [{ id: 'r1', ES: 100 }] },
      gates,
    );
    expect(read.aggregates.map((a) => a.after)).toEqual([1, 0.6, 0.85]);
    expect(read.aggregates[0].before).toBe(0.2);
    expect(read.fluency.passed).toBe(true);
    expect(read.perEdit).toEqual([{ id: 'r1', before: undefined, after: 1 }]);
  });

  it('leaves figures a report lacks undefined rather than zero', () => {
    const read = readReport({}, undefined);
    expect(read.aggregates.every((a) => a.after === undefined && a.passed === undefined)).toBe(true);
    expect(read.perEdit).toEqual([]);
  });
});

describe('chart', () => {
  it('escapes text and scales bars to the maximum', () => {
    const svg = barChart({
      title: 'A <b> & "c"',
      series: [{ name: 'after', colour: '#06c' }],
      rows: [{ label: '<script>', values: [0.5], mark: 0.9 }],
      max: 1,
      format: (v) => `${Math.round(v * 100)}%`,
    });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('aria-label="A &lt;b&gt; &amp; &quot;c&quot;"');
    expect(svg).toMatch(/<rect x="170" y="\d+" width="205.0"/);
    expect(svg).toContain('x1="539.0"');
    expect(escapeXml("'")).toBe('&#39;');
  });

  it('says when a value is not reported', () => {
    const svg = barChart({ title: 't', series: [{ name: 'b', colour: '#999' }], rows: [{ label: 'x', values: [undefined] }], max: 1, format: String });
    expect(svg).toContain('not reported');
  });
});
