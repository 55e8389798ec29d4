// The evaluation report of a batch, read from whatever the editor worker wrote into it: either
// {before:{efficacySuccess,...,fluency}, after:{...}, edits:[...]} (fractions) or the engine's own
// EditReport JSON {unedited:{ES,PS,NS}, metrics:{ES,PS,NS,GE_before,GE_after}, rows:[...]} (percent).

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
  aggregates: Aggregate[];
  fluency: { before?: number; after?: number; maxDrop?: number; passed?: boolean };
  perEdit: EditFigure[];
}

type Json = Record<string, unknown>;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const first = (o: Json, ...keys: string[]) => keys.map((k) => num(o[k])).find((v) => v !== undefined);

export function readReport(report: unknown, gates?: Gates): ReadReport {
  const r = obj(report);
  const engineShape = 'metrics' in r || 'unedited' in r;
  const scale = (v: number | undefined) => (v === undefined ? undefined : engineShape ? v / 100 : v);
  const before = obj(engineShape ? r.unedited : r.before);
  const after = obj(engineShape ? r.metrics : r.after);
  const names = {
    ES: ['efficacySuccess', 'ES'],
    PS: ['paraphraseSuccess', 'PS'],
    NS: ['neighborhoodSuccess', 'NS'],
  } as const;
  const labels = { ES: 'Efficacy (ES)', PS: 'Paraphrase (PS)', NS: 'Neighbourhood (NS)' };
  const gateOf = { ES: gates?.minEfficacySuccess, PS: gates?.minParaphraseSuccess, NS: gates?.minNeighborhoodSuccess };
  const aggregates = (['ES', 'PS', 'NS'] as const).map((key): Aggregate => {
    const a = scale(first(after, ...names[key]));
    const gate = gateOf[key];
    return {
      key,
      label: labels[key],
      before: scale(first(before, ...names[key])),
      after: a,
      gate,
      passed: a === undefined || gate === undefined ? undefined : a >= gate,
    };
  });
  const fluencyBefore = engineShape ? num(after.GE_before) : first(before, 'fluency');
  const fluencyAfter = engineShape ? num(after.GE_after) : first(after, 'fluency');
  const maxDrop = gates?.maxFluencyDrop;
  const fluency = {
    before: fluencyBefore,
    after: fluencyAfter,
    maxDrop,
    passed:
      fluencyBefore === undefined || fluencyAfter === undefined || maxDrop === undefined
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
  return { aggregates, fluency, perEdit };
}
