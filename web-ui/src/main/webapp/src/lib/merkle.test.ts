import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes, utf8 } from './bytes';
import {
  entrySigningInput,
  importEd25519,
  leafHash,
  nodeHash,
  rootFromInclusionProof,
  treeHeadSigningInput,
  verifyProvenEntry,
  type ProvenEntry,
} from './merkle';

// An independent reference: MTH and PATH written recursively, exactly as RFC 9162 sections 2.1.1 and
// 2.1.3.1 define them, so the iterative verifier is checked against the definition.
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
async function mth(leaves: Uint8Array[]): Promise<Uint8Array> {
  if (leaves.length === 1) return leafHash(leaves[0]);
  const k = split(leaves.length);
  return nodeHash(await mth(leaves.slice(0, k)), await mth(leaves.slice(k)));
}
async function path(m: number, leaves: Uint8Array[]): Promise<Uint8Array[]> {
  if (leaves.length === 1) return [];
  const k = split(leaves.length);
  return m < k
    ? [...(await path(m, leaves.slice(0, k))), await mth(leaves.slice(k))]
    : [...(await path(m - k, leaves.slice(k))), await mth(leaves.slice(0, k))];
}
const leaves = Array.from({ length: 13 }, (_, i) => utf8(`entry ${i}`));

describe('merkle', () => {
  it('hashes the empty leaf as RFC 6962 test vectors do', async () => {
    expect(bytesToHex(await leafHash(new Uint8Array()))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
  });

  it('verifies every inclusion proof of trees of 1 to 13 leaves', async () => {
    for (let size = 1; size <= leaves.length; size++) {
      const tree = leaves.slice(0, size);
      const root = await mth(tree);
      for (let m = 0; m < size; m++) {
        const got = await rootFromInclusionProof(m, size, await leafHash(tree[m]), await path(m, tree));
        expect(bytesToHex(got), `leaf ${m} of ${size}`).toBe(bytesToHex(root));
      }
    }
  });

  it('leads elsewhere when a sibling hash or the leaf is altered', async () => {
    const tree = leaves.slice(0, 7);
    const root = bytesToHex(await mth(tree));
    const proof = await path(3, tree);
    const flipped = proof.map((p, i) => (i === 1 ? p.map((b, j) => (j === 0 ? b ^ 1 : b)) : p));
    expect(bytesToHex(await rootFromInclusionProof(3, 7, await leafHash(tree[3]), flipped))).not.toBe(root);
    expect(bytesToHex(await rootFromInclusionProof(3, 7, await leafHash(tree[4]), proof))).not.toBe(root);
  });

  it('refuses proofs of the wrong length and indices outside the tree', async () => {
    const tree = leaves.slice(0, 5);
    const proof = await path(2, tree);
    const leaf = await leafHash(tree[2]);
    await expect(rootFromInclusionProof(2, 5, leaf, proof.slice(1))).rejects.toThrow(/shorter/);
    await expect(rootFromInclusionProof(2, 5, leaf, [...proof, proof[0]])).rejects.toThrow(/longer/);
    await expect(rootFromInclusionProof(5, 5, leaf, proof)).rejects.toThrow(/outside/);
  });

  it('signs canonical JSON with sorted keys', () => {
    const head = { treeSize: 3, rootHash: 'ab', timestamp: '2026-01-01T00:00:00Z', keyId: 'k', signature: '' };
    expect(new TextDecoder().decode(treeHeadSigningInput(head))).toBe(
      '{"format":"editgov-tree-head-v1","rootHash":"ab","timestamp":"2026-01-01T00:00:00Z","treeSize":3}',
    );
    expect(new TextDecoder().decode(entrySigningInput(2, 'cd'))).toBe('{"format":"editgov-log-entry-v1","index":2,"leafHash":"cd"}');
  });

  it('verifies a signed entry end to end and names what a forgery breaks', async () => {
    const keys = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
    const pem = `-----BEGIN PUBLIC KEY-----\n${btoa(String.fromCharCode(...spki))}\n-----END PUBLIC KEY-----\n`;
    const sign = async (data: Uint8Array) =>
      btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, keys.privateKey, data as BufferSource))));

    const canonical = leaves.map((_, i) => `{"format":"editgov-audit-entry-v1","index":${i}}`);
    const tree = canonical.map(utf8);
    const index = 5;
    const leafHex = bytesToHex(await leafHash(tree[index]));
    const head = { treeSize: tree.length, rootHash: bytesToHex(await mth(tree)), timestamp: '2026-11-25T08:00:00Z', keyId: 'k1', signature: '' };
    head.signature = await sign(treeHeadSigningInput(head));
    const proven: ProvenEntry = {
      treeHead: head,
      entry: {
        index,
        leafHash: leafHex,
        signature: await sign(entrySigningInput(index, leafHex)),
        canonicalEntry: canonical[index],
        inclusionProof: { leafIndex: index, treeSize: tree.length, path: (await path(index, tree)).map(bytesToHex) },
      },
    };
    const key = await importEd25519(pem);
    const good = await verifyProvenEntry(proven, key);
    expect(good.checks.map((c) => c.outcome)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(good.verified).toBe(true);

    const edited = await verifyProvenEntry({ ...proven, entry: { ...proven.entry, canonicalEntry: canonical[index].replace('5', '6') } }, key);
    expect(edited.verified).toBe(false);
    expect(edited.checks.filter((c) => c.outcome === 'fail').map((c) => c.name)).toEqual(['Leaf hash', 'Inclusion proof']);

    const resized = await verifyProvenEntry({ ...proven, treeHead: { ...head, treeSize: 14 } }, key);
    expect(resized.checks.find((c) => c.name === 'Tree head signature')?.outcome).toBe('fail');

    const unsupported = await verifyProvenEntry(proven, null);
    expect(unsupported.verified).toBe(false);
    expect(unsupported.checks.map((c) => c.outcome)).toEqual(['pass', 'pass', 'unsupported', 'unsupported']);
    expect(hexToBytes(leafHex)).toHaveLength(32);
  });
});
