package org.editgov.memit.runtime;

/**
 * Shape of a GPT-2 model, named as in Hugging Face's {@code GPT2Config}.
 *
 * @param vocabSize rows of {@code wte} and width of the logits
 * @param nPositions rows of {@code wpe}: the longest sequence the model reads
 * @param nEmbd width of the residual stream
 * @param nLayer number of blocks {@code h.0 .. h.(nLayer-1)}
 * @param nHead attention heads per block; must divide {@code nEmbd}
 * @param layerNormEpsilon epsilon of every LayerNorm
 * @param activation MLP activation; only {@code gelu_new} (GPT-2's tanh approximation) is built
 * @param nInner width of the MLP hidden layer (GPT-2's {@code n_inner}; its default is 4 x nEmbd)
 */
public record Gpt2Config(
        int vocabSize, int nPositions, int nEmbd, int nLayer, int nHead, double layerNormEpsilon, String activation,
        int nInner) {

    public static final String GELU_NEW = "gelu_new";
    public static final double DEFAULT_LAYER_NORM_EPSILON = 1e-5;

    public Gpt2Config {
        requirePositive("vocabSize", vocabSize);
        requirePositive("nPositions", nPositions);
        requirePositive("nEmbd", nEmbd);
        requirePositive("nLayer", nLayer);
        requirePositive("nHead", nHead);
        requirePositive("nInner", nInner);
        if (nEmbd % nHead != 0) {
            throw new IllegalArgumentException("nEmbd " + nEmbd + " is not divisible by nHead " + nHead);
        }
        if (!(layerNormEpsilon > 0)) {
            throw new IllegalArgumentException("layerNormEpsilon must be positive, got " + layerNormEpsilon);
        }
        if (!GELU_NEW.equals(activation)) {
            throw new IllegalArgumentException("activation '" + activation + "' is not supported (only " + GELU_NEW + ")");
        }
    }

    /** A GPT-2 with the usual MLP width of 4 x nEmbd. */
    public Gpt2Config(int vocabSize, int nPositions, int nEmbd, int nLayer, int nHead, double layerNormEpsilon,
            String activation) {
        this(vocabSize, nPositions, nEmbd, nLayer, nHead, layerNormEpsilon, activation, 4 * nEmbd);
    }

    /** A GPT-2 of the given size with GPT-2's epsilon, activation and MLP width. */
    public static Gpt2Config of(int vocabSize, int nPositions, int nEmbd, int nLayer, int nHead) {
        return new Gpt2Config(vocabSize, nPositions, nEmbd, nLayer, nHead, DEFAULT_LAYER_NORM_EPSILON, GELU_NEW);
    }

    /** The same shape with another MLP width. */
    public Gpt2Config withMlpWidth(int width) {
        return new Gpt2Config(vocabSize, nPositions, nEmbd, nLayer, nHead, layerNormEpsilon, activation, width);
    }

    public int headDim() {
        return nEmbd / nHead;
    }

    /** Width of the MLP hidden layer: d_k of MEMIT, the room each edited layer has for new keys. */
    public int mlpWidth() {
        return nInner;
    }

    /** Number of trainable scalars; the LM head is tied to {@code wte} and not counted twice. */
    public long parameterCount() {
        long c = nEmbd;
        long perBlock = 2 * c // ln_1
                + c * 3 * c + 3 * c // attn.c_attn
                + c * c + c // attn.c_proj
                + 2 * c // ln_2
                + c * mlpWidth() + mlpWidth() // mlp.c_fc
                + (long) mlpWidth() * c + c; // mlp.c_proj
        return (long) vocabSize * c + (long) nPositions * c + nLayer * perBlock + 2 * c;
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
