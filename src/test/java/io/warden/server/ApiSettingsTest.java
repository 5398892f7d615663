package io.warden.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.server.ApiToken.Role;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiSettingsTest {

    private static final String SECRET_A = "aaaaaaaaaaaaaaaa-secret";
    private static final String SECRET_B = "bbbbbbbbbbbbbbbb-secret";

    @Test
    void authOnWithoutTokensServesNoApiButKeepsItsTls() {
        for (List<ApiToken> none : Arrays.asList(List.<ApiToken>of(), null)) {
            var tls = new TlsSettings(Path.of("/etc/warden/tls.p12"), SECRET_B, null);
            var settings = new ApiSettings(true, none, false, tls);

            assertThat(settings.servesApi()).isFalse();
            assertThat(settings.tls()).isEqualTo(tls);
        }
        assertThat(ApiSettings.unauthenticated().servesApi()).isTrue();
        assertThat(ApiSettings.withTokens(List.of(new ApiToken("grafana", SECRET_A, Role.VIEWER))).servesApi()).isTrue();
    }

    @Test
    void protectedMetricsNeedATokenThatCouldPass() {
        for (var settings : List.<Runnable>of(() -> new ApiSettings(true, List.of(), true, null),
                () -> new ApiSettings(false, List.of(new ApiToken("grafana", SECRET_A, Role.VIEWER)), true, null))) {
            assertThatThrownBy(settings::run).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("protect-metrics needs http.auth enabled with at least one token");
        }
    }

    @Test
    void authOffNeedsNoTokens() {
        assertThat(ApiSettings.unauthenticated().authEnabled()).isFalse();
        assertThat(new ApiSettings(false, null, false, null).tokens()).isEmpty();
    }

    @Test
    void aShortTokenIsRefusedByNameNotByValue() {
        assertThatThrownBy(() -> new ApiToken("grafana", "short-secret", Role.VIEWER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'grafana'")
                .hasMessageContaining("shorter than 16 characters")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("short-secret"));
        assertThatThrownBy(() -> new ApiToken("ci", null, Role.VIEWER)).hasMessageContaining("'ci'");
    }

    @Test
    void aTokenWithATrailingNewlineIsRefusedByName() {
        assertThatThrownBy(() -> new ApiToken("ci", SECRET_A + "\n", Role.OPERATOR))
                .hasMessageContaining("'ci'")
                .hasMessageContaining("whitespace")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET_A));
    }

    @Test
    void twoNamesSharingATokenAreBothNamedAndTheTokenIsNot() {
        var tokens = List.of(new ApiToken("grafana", SECRET_A, Role.VIEWER), new ApiToken("oncall", SECRET_A, Role.OPERATOR));

        assertThatThrownBy(() -> ApiSettings.withTokens(tokens))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'grafana' and 'oncall' have the same token")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET_A));
    }

    @Test
    void aNameUsedTwiceIsRefused() {
        var tokens = List.of(new ApiToken("oncall", SECRET_A, Role.VIEWER), new ApiToken("oncall", SECRET_B, Role.OPERATOR));

        assertThatThrownBy(() -> ApiSettings.withTokens(tokens)).hasMessageContaining("'oncall' is used twice");
    }

    @Test
    void printingTheSettingsNeverShowsASecret() {
        var settings = new ApiSettings(true, List.of(new ApiToken("grafana", SECRET_A, Role.VIEWER)), true,
                new TlsSettings(Path.of("/etc/warden/tls.p12"), SECRET_B, null));

        assertThat(settings.toString()).contains("grafana", "/etc/warden/tls.p12", "PKCS12")
                .doesNotContain(SECRET_A).doesNotContain(SECRET_B);
    }

    @Test
    void anOperatorMayDoWhatAViewerMayButNotTheReverse() {
        assertThat(Role.OPERATOR.allows(Role.VIEWER)).isTrue();
        assertThat(Role.OPERATOR.allows(Role.OPERATOR)).isTrue();
        assertThat(Role.VIEWER.allows(Role.VIEWER)).isTrue();
        assertThat(Role.VIEWER.allows(Role.OPERATOR)).isFalse();
    }

    @Test
    void rolesReadAsWrittenInTheConfig() {
        assertThat(Role.of("viewer")).isEqualTo(Role.VIEWER);
        assertThat(Role.of(" Operator ")).isEqualTo(Role.OPERATOR);
        assertThatThrownBy(() -> Role.of("admin")).hasMessage("unknown role 'admin': use viewer or operator");
    }
}
