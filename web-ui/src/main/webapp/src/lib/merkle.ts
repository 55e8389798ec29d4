// Verifying an audit-log entry in the browser: RFC 9162 hashing and inclusion proofs over SHA-256, and the
// log's Ed25519 signatures over the canonical JSON of its tree head and of the entry's (index, leaf hash).
import { base64ToBytes, bytesToHex, concat, equalBytes, hexToBytes, sha256, utf8 } from './bytes';

export interface TreeHead {
  treeSize: number;
  rootHash: string;
  timestamp: string;
  keyId: string;
  signature: string;
}

export interface LogEntry {
  index: number;
  leafHash: string;
  signature: string;
  canonicalEntry: string;
  inclusionProof?: { leafIndex: number; treeSize: number; path: string[] };
}

export interface ProvenEntry {
  entry: LogEntry;
  treeHead: TreeHead;
}

/** MTH({d}) = SHA-256(0x00 || d). */
export function leafHash(data: Uint8Array): Promise<Uint8Array> {
  return sha256(concat(Uint8Array.of(0), data));
}

/** SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  return sha256(concat(Uint8Array.of(1), left, right));
}

/** The root an inclusion proof leads to (RFC 9162 section 2.1.3.2); throws when the proof has the wrong length. */
export async function rootFromInclusionProof(
  leafIndex: number,
  treeSize: number,
  leaf: Uint8Array,
  path: Uint8Array[],
): Promise<Uint8Array> {
  if (!Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= treeSize) {
    throw new Error(`leaf index ${leafIndex} is outside a tree of ${treeSize}`);
  }
  // Sizes stay below 2^53, so BigInt keeps the shifts exact where 32-bit operators would not.
  let fn = BigInt(leafIndex);
  let sn = BigInt(treeSize - 1);
  let r = leaf;
  for (const p of path) {
    if (sn === 0n) {
      throw new Error(`the proof is longer than a tree of ${treeSize} needs`);
    }
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) {
    throw new Error(`the proof is shorter than a tree of ${treeSize} needs`);
  }
  return r;
}

/**
 * The bytes the log signs for a tree head: RFC 8785 canonical JSON with keys in sorted order. Every value
 * is a plain ASCII string or an integer, for which JSON.stringify writes exactly the canonical form.
 */
export function treeHeadSigningInput(head: TreeHead): Uint8Array {
  return utf8(
    `{"format":"editgov-tree-head-v1","rootHash":${JSON.stringify(head.rootHash)},` +
      `"timestamp":${JSON.stringify(head.timestamp)},"treeSize":${head.treeSize}}`,
  );
}

/** The bytes the log signs for one entry: its index and leaf hash. */
export function entrySigningInput(index: number, leafHashHex: string): Uint8Array {
  return utf8(`{"format":"editgov-log-entry-v1","index":${index},"leafHash":${JSON.stringify(leafHashHex)}}`);
}

export function pemToDer(pem: string): Uint8Array {
  const body = pem
    .replace(/-----BEGIN PUBLIC KEY-----/, '')
    .replace(/-----END PUBLIC KEY-----/, '')
    .replace(/\s+/g, '');
  if (!body) {
    throw new Error('the public key is not a PEM document');
  }
  return base64ToBytes(body);
}

/** The log's public key, or null when this browser's WebCrypto has no Ed25519. */
export async function importEd25519(pem: string): Promise<CryptoKey | null> {
  try {
    return await crypto.subtle.importKey('spki', pemToDer(pem) as BufferSource, { name: 'Ed25519' }, false, ['verify']);
  } catch (e) {
    if (e instanceof DOMException && e.name === 'NotSupportedError') {
      return null;
    }
    throw e;
  }
}

export type CheckOutcome = 'pass' | 'fail' | 'unsupported';

export interface Check {
  name: string;
  outcome: CheckOutcome;
  detail: string;
}

export interface Verification {
  verified: boolean;
  checks: Check[];
}

/**
 * Checks an entry end to end: its leaf hash is SHA-256(0x00 || canonical entry), its inclusion proof leads
 * to the signed root, the tree head's and the entry's Ed25519 signatures verify. With no Ed25519 in the
 * browser the signature checks are 'unsupported', never 'pass', and the whole is not called verified.
 */
export async function verifyProvenEntry(proven: ProvenEntry, key: CryptoKey | null): Promise<Verification> {
  const { entry, treeHead } = proven;
  const checks: Check[] = [];
  const computedLeaf = await leafHash(utf8(entry.canonicalEntry));
  const leafOk = bytesToHex(computedLeaf) === entry.leafHash.toLowerCase();
  checks.push({
    name: 'Leaf hash',
    outcome: leafOk ? 'pass' : 'fail',
    detail: leafOk
      ? `SHA-256(0x00 || entry) = ${bytesToHex(computedLeaf)}`
      : `computed ${bytesToHex(computedLeaf)}, the log says ${entry.leafHash}`,
  });

  const proof = entry.inclusionProof;
  if (!proof) {
    checks.push({ name: 'Inclusion proof', outcome: 'fail', detail: 'the log sent no inclusion proof' });
  } else {
    try {
      if (proof.leafIndex !== entry.index || proof.treeSize !== treeHead.treeSize) {
        throw new Error(`the proof is for leaf ${proof.leafIndex} of ${proof.treeSize}, not ${entry.index} of ${treeHead.treeSize}`);
      }
      const root = await rootFromInclusionProof(entry.index, treeHead.treeSize, computedLeaf, proof.path.map(hexToBytes));
      const ok = equalBytes(root, hexToBytes(treeHead.rootHash));
      checks.push({
        name: 'Inclusion proof',
        outcome: ok ? 'pass' : 'fail',
        detail: ok
          ? `${proof.path.length} sibling hashes lead to the root of the tree of ${treeHead.treeSize}`
          : `the proof leads to ${bytesToHex(root)}, not the signed root ${treeHead.rootHash}`,
      });
    } catch (e) {
      checks.push({ name: 'Inclusion proof', outcome: 'fail', detail: (e as Error).message });
    }
  }

  checks.push(await signatureCheck('Tree head signature', key, treeHead.signature, treeHeadSigningInput(treeHead)));
  checks.push(await signatureCheck('Entry signature', key, entry.signature, entrySigningInput(entry.index, entry.leafHash)));
  return { verified: checks.every((c) => c.outcome === 'pass'), checks };
}

async function signatureCheck(name: string, key: CryptoKey | null, signatureB64: string, data: Uint8Array): Promise<Check> {
  if (!key) {
    return { name, outcome: 'unsupported', detail: 'this browser has no Ed25519 in WebCrypto' };
  }
  let ok = false;
  try {
    ok = await crypto.subtle.verify({ name: 'Ed25519' }, key, base64ToBytes(signatureB64) as BufferSource, data as BufferSource);
  } catch (e) {
    return { name, outcome: 'fail', detail: `the signature could not be checked: ${(e as Error).message}` };
  }
  return { name, outcome: ok ? 'pass' : 'fail', detail: ok ? 'Ed25519 signature by the log key verifies' : 'the signature does not verify' };
}
