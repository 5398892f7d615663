package io.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.server.ApiToken.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class BearerAuthTest {

    private static final String VIEWER = "viewer-secret-0123456789abcdef";
    private static final String OPERATOR = "operator-secret-fedcba9876543210";

    private final BearerAuth auth = new BearerAuth(List.of(new ApiToken("grafana", VIEWER, Role.VIEWER),
            new ApiToken("oncall", OPERATOR, Role.OPERATOR)));

    @Test
    void aKnownTokenNamesItsHolderAndRole() {
        assertThat(auth.authenticate(List.of("Bearer " + OPERATOR))).isEqualTo(new BearerAuth.Caller("oncall", Role.OPERATOR));
        assertThat(auth.authenticate(List.of("bearer " + VIEWER))).isEqualTo(new BearerAuth.Caller("grafana", Role.VIEWER));
    }

    @Test
    void anythingElseIsNobody() {
        assertThat(auth.authenticate(null)).isNull();
        assertThat(auth.authenticate(List.of())).isNull();
        assertThat(auth.authenticate(List.of("Bearer " + VIEWER, "Bearer " + OPERATOR))).isNull();
        assertThat(auth.authenticate(List.of(VIEWER))).isNull();
        assertThat(auth.authenticate(List.of("Token " + VIEWER))).isNull();
        assertThat(auth.authenticate(List.of("Bearer"))).isNull();
        assertThat(auth.authenticate(List.of("Bearer " + VIEWER.toUpperCase()))).isNull();
        assertThat(auth.authenticate(List.of("Bearer " + VIEWER.substring(1)))).isNull();
    }

    @Test
    void theCallerNeverCarriesTheToken() {
        assertThat(auth.authenticate(List.of("Bearer " + OPERATOR)).toString()).doesNotContain(OPERATOR);
    }
}
