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

  it('reads the worker report: the engine report nested under edits and the worker\'s gate checks', () => {
    const read = readReport(
      {
        edits: {
          rows: [
            { id: 'e1', ES: 100, PS: null },
            { id: 'e2', ES: 0, before: { ES: 100, PS: null } },
          ],
          metrics: { ES: 100, PS: null, NS: 80, GE_after: 5.5, GE_before: 6 },
          unedited: { ES: 0, PS: null, NS: 90 },
        },
        gates: {
          checks: [
            { min: 0.9, name: 'efficacy_success', value: 1, passed: true, measured: true },
            { min: 0.5, name: 'paraphrase_success', value: null, passed: true, measured: false },
            { min: 0.7, name: 'neighborhood_success', value: 0.8, passed: true, measured: true },
            { max: 0.2, name: 'fluency_drop', value: 0.5, passed: false, measured: true },
          ],
          passed: false,
        },
        regression: { GE_before: null },
      },
      gates,
    );
    expect(read.passed).toBe(false);
    expect(read.aggregates.map((a) => [a.key, a.before, a.after, a.gate, a.passed])).toEqual([
      ['ES', 0, 1, 0.9, true],
      ['PS', undefined, undefined, 0.5, undefined],
      ['NS', 0.9, 0.8, 0.7, true],
    ]);
    expect(read.fluency).toEqual({ before: 6, after: 5.5, maxDrop: 0.2, passed: false });
    expect(read.perEdit).toEqual([
      { id: 'e1', before: undefined, after: 1 },
      { id: 'e2', before: 1, after: 0 },
    ]);
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
