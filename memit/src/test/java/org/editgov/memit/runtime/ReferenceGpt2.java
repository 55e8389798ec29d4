package org.editgov.memit.runtime;

import java.util.Map;

/**
 * A deliberately naive GPT-2 forward pass in plain Java doubles, one token and one head at a
 * time, written from the GPT-2 equations: the yardstick the batched NDArray pass is checked
 * against.
 */
final class ReferenceGpt2 {

    private final Gpt2Config config;
    private final Map<String, float[]> w;

    ReferenceGpt2(Gpt2Config config, Map<String, float[]> weights) {
        this.config = config;
        this.w = weights;
    }

    /** Logits [t][vocab] of one unpadded sequence. */
    double[][] logits(int[] ids) {
        int c = config.nEmbd();
        int n = ids.length;
        double[][] x = new double[n][c];
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < c; i++) {
                x[t][i] = w.get("wte.weight")[ids[t] * c + i] + w.get("wpe.weight")[t * c + i];
            }
        }
        for (int l = 0; l < config.nLayer(); l++) {
            String p = "h." + l + ".";
            double[][] a = new double[n][];
            for (int t = 0; t < n; t++) {
                a[t] = layerNorm(x[t], p + "ln_1");
            }
            double[][] attended = attention(a, p);
            for (int t = 0; t < n; t++) {
                for (int i = 0; i < c; i++) {
                    x[t][i] += attended[t][i];
                }
            }
            for (int t = 0; t < n; t++) {
                double[] hidden = linear(layerNorm(x[t], p + "ln_2"), p + "mlp.c_fc", c, 4 * c);
                for (int j = 0; j < hidden.length; j++) {
                    double v = hidden[j];
                    hidden[j] = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
                }
                double[] out = linear(hidden, p + "mlp.c_proj", 4 * c, c);
                for (int i = 0; i < c; i++) {
                    x[t][i] += out[i];
                }
            }
        }
        double[][] logits = new double[n][config.vocabSize()];
        for (int t = 0; t < n; t++) {
            double[] f = layerNorm(x[t], "ln_f");
            for (int v = 0; v < config.vocabSize(); v++) {
                double s = 0;
                for (int i = 0; i < c; i++) {
                    s += f[i] * w.get("wte.weight")[v * c + i];
                }
                logits[t][v] = s;
            }
        }
        return logits;
    }

    private double[][] attention(double[][] a, String p) {
        int c = config.nEmbd();
        int n = a.length;
        int heads = config.nHead();
        int d = c / heads;
        double[][] qkv = new double[n][];
        for (int t = 0; t < n; t++) {
            qkv[t] = linear(a[t], p + "attn.c_attn", c, 3 * c);
        }
        double[][] y = new double[n][c];
        for (int h = 0; h < heads; h++) {
            for (int t = 0; t < n; t++) {
                double[] scores = new double[t + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int s = 0; s <= t; s++) {
                    double dot = 0;
                    for (int i = 0; i < d; i++) {
                        dot += qkv[t][h * d + i] * qkv[s][c + h * d + i];
                    }
                    scores[s] = dot / Math.sqrt(d);
                    max = Math.max(max, scores[s]);
                }
                double total = 0;
                for (int s = 0; s <= t; s++) {
                    scores[s] = Math.exp(scores[s] - max);
                    total += scores[s];
                }
                for (int s = 0; s <= t; s++) {
                    for (int i = 0; i < d; i++) {
                        y[t][h * d + i] += scores[s] / total * qkv[s][2 * c + h * d + i];
                    }
                }
            }
        }
        double[][] out = new double[n][];
        for (int t = 0; t < n; t++) {
            out[t] = linear(y[t], p + "attn.c_proj", c, c);
        }
        return out;
    }

    private double[] layerNorm(double[] x, String prefix) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double variance = 0;
        for (double v : x) {
            variance += (v - mean) * (v - mean);
        }
        variance /= x.length;
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (x[i] - mean) / Math.sqrt(variance + config.layerNormEpsilon()) * w.get(prefix + ".weight")[i]
                    + w.get(prefix + ".bias")[i];
        }
        return out;
    }

    /** Conv1D: weight stored (in, out). */
    private double[] linear(double[] x, String prefix, int in, int out) {
        double[] y = new double[out];
        float[] weight = w.get(prefix + ".weight");
        float[] bias = w.get(prefix + ".bias");
        for (int o = 0; o < out; o++) {
            double s = bias[o];
            for (int i = 0; i < in; i++) {
                s += x[i] * weight[i * out + o];
            }
            y[o] = s;
        }
        return y;
    }
}
