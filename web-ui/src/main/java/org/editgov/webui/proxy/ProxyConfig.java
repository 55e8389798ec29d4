package org.editgov.webui.proxy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;

/** Where the services behind {@code /api} listen (application.properties documents each). */
@ConfigMapping(prefix = "editgov.web-ui")
public interface ProxyConfig {

    @WithDefault("http://127.0.0.1:8081")
    URI requestApiUrl();

    @WithDefault("http://127.0.0.1:8083")
    URI auditServiceUrl();

    @WithDefault("http://127.0.0.1:8082")
    URI editorWorkerUrl();

    /** How long a service may take to answer before the browser gets a 504. */
    @WithDefault("PT60S")
    Duration upstreamTimeout();
}
