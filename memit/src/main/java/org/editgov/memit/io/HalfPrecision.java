package org.editgov.memit.io;

/**
 * float32 to IEEE half (F16) and to bfloat16 (BF16), rounding to nearest even as PyTorch does.
 * Java 17 has no {@code Float.floatToFloat16}; these are the standard bit manipulations.
 */
final class HalfPrecision {

    private HalfPrecision() {
    }

    /** bfloat16 is the upper 16 bits of a float32, rounded to nearest even; NaN stays a quiet NaN. */
    static short toBfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    static short toHalf(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xFF;
        int mantissa = bits & 0x7FFFFF;
        if (exponent == 0xFF) {
            return (short) (sign | 0x7C00 | (mantissa != 0 ? 0x200 | (mantissa >>> 13) : 0));
        }
        int halfExponent = exponent - 127 + 15;
        if (halfExponent >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (halfExponent <= 0) {
            if (halfExponent < -10) {
                return (short) sign;
            }
            // Subnormal half: shift the mantissa (with its implicit 1) right, rounding to nearest even.
            int full = mantissa | 0x800000;
            int shift = 14 - halfExponent;
            int half = full >>> shift;
            int remainder = full & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (remainder > halfway || (remainder == halfway && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (halfExponent << 10) | (mantissa >>> 13);
        int remainder = mantissa & 0x1FFF;
        if (remainder > 0x1000 || (remainder == 0x1000 && (half & 1) != 0)) {
            // A carry out of the mantissa correctly bumps the exponent (up to infinity).
            half++;
        }
        return (short) (sign | half);
    }
}
