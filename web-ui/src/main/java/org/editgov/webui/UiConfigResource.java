package org.editgov.webui;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the page needs to log in: Keycloak's realm URL and the public client. Served at run time rather
 * than built into the bundle, so one build runs against any Keycloak.
 */
@Path("/ui-config.json")
public class UiConfigResource {

    /** The page's login settings. */
    public record UiConfig(String realmUrl, String clientId) {
    }

    @ConfigProperty(name = "editgov.login.realm-url")
    String realmUrl;

    @ConfigProperty(name = "editgov.login.client-id")
    String clientId;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public UiConfig config() {
        return new UiConfig(realmUrl, clientId);
    }
}
