// The evaluation report of a batch as the editor worker writes it: {edits: <the engine's EditReport JSON,
// metrics in percent: unedited, metrics, rows (each with the unedited figures under before)>, gates:
// {checks: [{name, min|max, value, passed, measured}], passed}, regression: {...}}. A flatter
// {before: {...}, after: {...}, edits: [...]} in fractions is read too, so the page keeps working if the
// worker's report moves to the shape the audit service reads.

export interface Gates {
  minEfficacySuccess: number;
  minParaphraseSuccess: number;
  minNeighborhoodSuccess: number;
  maxFluencyDrop: number;
}

export interface Aggregate {
  key: 'ES' | 'PS' | 'NS';
  label: string;
  before?: number;
  after?: number;
  gate?: number;
  passed?: boolean;
}

export interface EditFigure {
  id: string;
  before?: number;
  after?: number;
}

export interface ReadReport {
  /** The worker's verdict on the gates, when it gave one. */
  passed?: boolean;
  aggregates: Aggregate[];
  fluency: { before?: number; after?: number; maxDrop?: number; passed?: boolean };
  perEdit: EditFigure[];
}

type Json = Record<string, unknown>;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const first = (o: Json, ...keys: string[]) => keys.map((k) => num(o[k])).find((v) => v !== undefined);

interface GateCheck {
  name: string;
  min?: number;
  max?: number;
  passed?: boolean;
  measured?: boolean;
}

export function readReport(report: unknown, gates?: Gates): ReadReport {
  const outer = obj(report);
  const nested = obj(outer.edits);
  const r = 'metrics' in nested || 'unedited' in nested ? nested : outer;
  const engineShape = 'metrics' in r || 'unedited' in r;
  const scale = (v: number | undefined) => (v === undefined ? undefined : engineShape ? v / 100 : v);
  const checks = (Array.isArray(obj(outer.gates).checks) ? (obj(outer.gates).checks as unknown[]) : []).map((c) => obj(c) as unknown as GateCheck);
  const checkOf = (name: string) => checks.find((c) => c.name === name);
  const before = obj(engineShape ? r.unedited : r.before);
  const after = obj(engineShape ? r.metrics : r.after);
  const names = {
    ES: ['efficacySuccess', 'ES'],
    PS: ['paraphraseSuccess', 'PS'],
    NS: ['neighborhoodSuccess', 'NS'],
  } as const;
  const labels = { ES: 'Efficacy (ES)', PS: 'Paraphrase (PS)', NS: 'Neighbourhood (NS)' };
  const checkNames = { ES: 'efficacy_success', PS: 'paraphrase_success', NS: 'neighborhood_success' };
  const gateOf = { ES: gates?.minEfficacySuccess, PS: gates?.minParaphraseSuccess, NS: gates?.minNeighborhoodSuccess };
  const aggregates = (['ES', 'PS', 'NS'] as const).map((key): Aggregate => {
    const a = scale(first(after, ...names[key]));
    const check = checkOf(checkNames[key]);
    const gate = num(check?.min) ?? gateOf[key];
    // The worker's own judgement wins; a gate it could not measure is left unjudged rather than passed.
    const passed = check ? (check.measured === false ? undefined : check.passed) : a === undefined || gate === undefined ? undefined : a >= gate;
    return { key, label: labels[key], before: scale(first(before, ...names[key])), after: a, gate, passed };
  });
  const regression = obj(outer.regression);
  const fluencyBefore = (engineShape ? num(after.GE_before) : first(before, 'fluency')) ?? num(regression.GE_before);
  const fluencyAfter = (engineShape ? num(after.GE_after) : first(after, 'fluency')) ?? num(regression.GE_after);
  const fluencyCheck = checkOf('fluency_drop');
  const maxDrop = num(fluencyCheck?.max) ?? gates?.maxFluencyDrop;
  const fluency = {
    before: fluencyBefore,
    after: fluencyAfter,
    maxDrop,
    passed: fluencyCheck
      ? fluencyCheck.measured === false
        ? undefined
        : fluencyCheck.passed
      : fluencyBefore === undefined || fluencyAfter === undefined || maxDrop === undefined
        ? undefined
        : fluencyBefore - fluencyAfter <= maxDrop,
  };
  const rows = [r.edits, r.perEdit, r.rows].find(Array.isArray) as unknown[] | undefined;
  const perEdit = (rows ?? []).map((row, i): EditFigure => {
    const e = obj(row);
    const b = obj(e.before);
    const a = obj(e.after);
    return {
      id: String(e.editId ?? e.id ?? `edit ${i + 1}`),
      before: scale(first(b, 'efficacy', 'efficacySuccess', 'ES') ?? first(e, 'efficacyBefore', 'ES_before')),
      after: scale(first(a, 'efficacy', 'efficacySuccess', 'ES') ?? first(e, 'efficacyAfter', 'ES_after', 'ES')),
    };
  });
  const verdict = typeof obj(outer.gates).passed === 'boolean' ? (obj(outer.gates).passed as boolean) : typeof outer.passed === 'boolean' ? (outer.passed as boolean) : undefined;
  return { passed: verdict, aggregates, fluency, perEdit };
}
