package org.editgov.memit.edit;

/**
 * How the target vectors z are optimised (the reference's compute_z). The loss per edit is
 * NLL(target | prompts) + klFactor KL(p_now || p_initial at the KL prompt) + weight decay;
 * Adam; an edit stops once its loss falls under {@code earlyStopLoss}; after each step delta is
 * clamped to {@code clampNormFactor} ||h_init||.
 *
 * @param steps forward passes per edit (the reference updates after all but the last)
 * @param learningRate Adam's step size
 * @param clampNormFactor bound on ||delta|| relative to ||h_init||
 * @param weightDecay factor of the decay term
 * @param decayForm the reference divides ||delta|| (unsquared) by ||h_init||^2; {@link DecayForm#SQUARED} squares both
 * @param klFactor weight of the KL term; 0 leaves it out
 * @param klPrompt the prompt whose next-token distribution must not drift ({} is the subject)
 * @param earlyStopLoss an edit stops optimising below this loss
 */
public record ZSettings(int steps, double learningRate, double clampNormFactor, double weightDecay, DecayForm decayForm,
        double klFactor, String klPrompt, double earlyStopLoss) {

    /** The weight-decay term of compute_z. */
    public enum DecayForm {
        /** weightDecay ||delta|| / ||h_init||^2, as the reference code has it. */
        UNSQUARED_REFERENCE,
        /** weightDecay ||delta||^2 / ||h_init||^2, the form the quotient suggests was meant. */
        SQUARED
    }

    public ZSettings {
        if (steps < 1) {
            throw new IllegalArgumentException("z steps must be at least 1, got " + steps);
        }
        if (!(learningRate > 0) || !(clampNormFactor > 0) || weightDecay < 0 || klFactor < 0) {
            throw new IllegalArgumentException("z learning rate and clamp must be positive, weight decay and KL factor not negative");
        }
        if (!klPrompt.contains("{}")) {
            throw new IllegalArgumentException("the KL prompt '" + klPrompt + "' has no {} for the subject");
        }
    }

    /** MEMIT's hyperparameters for GPT-2 XL: 20 steps, lr 0.5, clamp 0.75, decay 0.5, KL 0.0625 on "{} is a". */
    public static ZSettings memitReference() {
        return new ZSettings(20, 0.5, 0.75, 0.5, DecayForm.UNSQUARED_REFERENCE, 0.0625, "{} is a", 0.05);
    }

    /** ROME's: as MEMIT's but clamp 4 (the vector is added to the MLP output, not the residual). */
    public static ZSettings romeReference() {
        return memitReference().withSteps(20).withClamp(4.0);
    }

    /**
     * For the small models trained here: the reference settings under-fit z (mean NLL 0.78),
     * 40 steps and clamp 2.0 reached NLL 0.06 (knowledge-editing.md section 5).
     */
    public static ZSettings smallModel() {
        return memitReference().withSteps(40).withClamp(2.0);
    }

    public ZSettings withSteps(int value) {
        return new ZSettings(value, learningRate, clampNormFactor, weightDecay, decayForm, klFactor, klPrompt, earlyStopLoss);
    }

    public ZSettings withClamp(double value) {
        return new ZSettings(steps, learningRate, value, weightDecay, decayForm, klFactor, klPrompt, earlyStopLoss);
    }

    public ZSettings withKlFactor(double value) {
        return new ZSettings(steps, learningRate, clampNormFactor, weightDecay, decayForm, value, klPrompt, earlyStopLoss);
    }

    public ZSettings withDecayForm(DecayForm value) {
        return new ZSettings(steps, learningRate, clampNormFactor, weightDecay, value, klFactor, klPrompt, earlyStopLoss);
    }
}
