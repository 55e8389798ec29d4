package org.editgov.audit.wire;

import java.util.HexFormat;
import java.util.List;

final class Hex {

    private Hex() {
    }

    static List<byte[]> decodeAll(List<String> hashes, String what) {
        if (hashes == null) {
            throw new WireFormatException(what + " has no path");
        }
        try {
            return hashes.stream().map(HexFormat.of()::parseHex).toList();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new WireFormatException(what + " holds a hash that is not hex: " + e.getMessage());
        }
    }
}
