package org.editgov.audit.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * An append-only array of 32-byte hashes in fixed-size chunks: growing never copies, and a million hashes
 * cost 32 MB instead of a million small objects.
 */
final class HashStore {

    private static final int CHUNK_HASHES = 1 << 12;
    private static final int CHUNK_BYTES = CHUNK_HASHES * MerkleHashing.HASH_BYTES;

    private final List<byte[]> chunks = new ArrayList<>();
    private long size;

    long size() {
        return size;
    }

    void append(byte[] hash) {
        int offset = (int) (size % CHUNK_HASHES) * MerkleHashing.HASH_BYTES;
        if (offset == 0) {
            chunks.add(new byte[CHUNK_BYTES]);
        }
        System.arraycopy(hash, 0, chunks.get(chunks.size() - 1), offset, MerkleHashing.HASH_BYTES);
        size++;
    }

    byte[] get(long index) {
        byte[] hash = new byte[MerkleHashing.HASH_BYTES];
        int offset = (int) (index % CHUNK_HASHES) * MerkleHashing.HASH_BYTES;
        System.arraycopy(chunks.get((int) (index / CHUNK_HASHES)), offset, hash, 0, MerkleHashing.HASH_BYTES);
        return hash;
    }
}
