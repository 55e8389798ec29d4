package org.editgov.audit.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a tree's leaf hashes live (the log's storage), read in index order to rebuild a {@link MerkleTree}.
 */
public interface LeafHashSource {

    /** Number of leaves. */
    long size();

    /** The leaf hash at an index in [0, size()). */
    byte[] leafHash(long index);

    /**
     * The leaf hashes at [from, from + count), in order. Storage should override this with one range query;
     * the default reads them one by one.
     */
    default List<byte[]> leafHashes(long from, int count) {
        List<byte[]> hashes = new ArrayList<>(count);
        for (long i = from; i < from + count; i++) {
            hashes.add(leafHash(i));
        }
        return hashes;
    }
}
