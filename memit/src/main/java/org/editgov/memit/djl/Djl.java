package org.editgov.memit.djl;

/**
 * Puts DJL into offline mode before any of its classes load.
 *
 * <p>Without {@code ai.djl.offline=true} DJL calls a cloud metadata address at engine start
 * (telemetry) and may try to download native libraries; this network flags both. Every entry
 * point (CLI, services, tests) calls {@link #ensureOffline()} first. This class deliberately
 * references no DJL type, so loading it cannot load DJL.
 */
public final class Djl {

    public static final String OFFLINE = "ai.djl.offline";
    public static final String DEFAULT_ENGINE = "ai.djl.default_engine";
    public static final String OPT_OUT_TRACKING = "OPT_OUT_TRACKING";
    public static final String ENGINE = "PyTorch";

    private Djl() {
    }

    /**
     * Forces offline mode and the PyTorch engine (the tokenizers jar registers a second engine).
     * DJL reads {@code OPT_OUT_TRACKING} from the environment or, failing that, from a system
     * property; the launcher sets the variable, and the property covers callers that cannot.
     */
    public static void ensureOffline() {
        System.setProperty(OFFLINE, "true");
        System.setProperty(DEFAULT_ENGINE, ENGINE);
        if (!"true".equalsIgnoreCase(System.getenv(OPT_OUT_TRACKING))) {
            System.setProperty(OPT_OUT_TRACKING, "true");
        }
    }
}
