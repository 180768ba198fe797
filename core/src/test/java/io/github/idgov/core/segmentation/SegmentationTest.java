package io.github.idgov.core.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.core.Environment;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SegmentationTest {

    private static final SegmentTarget PROD_API = EnvironmentTags.target(SegmentTarget.Kind.AUDIENCE, "billing-api", "prod", null);
    private static final SegmentTarget PROD_READ = EnvironmentTags.target(SegmentTarget.Kind.SCOPE, "billing:read", "prod", "staging, dev");
    private static final SegmentTarget UNTAGGED = EnvironmentTags.target(SegmentTarget.Kind.CLIENT, "app", null, null);
    private static final SegmentTarget TYPO = EnvironmentTags.target(SegmentTarget.Kind.CLIENT, "typo", "production", null);

    @Test
    void devIdentityCannotReachAProdAudience() {
        List<Segmentation.Crossing> crossings = Segmentation.crossings(Optional.of(Environment.DEV), false, List.of(PROD_API));
        assertThat(crossings).singleElement().satisfies(c -> {
            assertThat(c.target()).isEqualTo(PROD_API);
            assertThat(c.reason()).isEqualTo("dev identity may not reach audience billing-api (prod)");
        });
    }

    @Test
    void sameEnvironmentAndUntaggedTargetsPass() {
        assertThat(Segmentation.crossings(Optional.of(Environment.PROD), false, List.of(PROD_API, PROD_READ, UNTAGGED))).isEmpty();
        assertThat(Segmentation.crossings(Optional.of(Environment.DEV), true, List.of(UNTAGGED))).isEmpty();
    }

    @Test
    void allowFromIsTheExceptionForTheNamedEnvironmentsOnly() {
        assertThat(Segmentation.crossings(Optional.of(Environment.STAGING), false, List.of(PROD_READ))).isEmpty();
        assertThat(Segmentation.crossings(Optional.of(Environment.STAGING), false, List.of(PROD_API, PROD_READ)))
                .extracting(c -> c.target().name()).containsExactly("billing-api");
        SegmentTarget devOnlyFromProd = EnvironmentTags.target(SegmentTarget.Kind.SCOPE, "dev:debug", "dev", "prod");
        assertThat(Segmentation.crossings(Optional.of(Environment.STAGING), false, List.of(devOnlyFromProd))).hasSize(1);
    }

    @Test
    void untaggedPrincipalIsUnconstrainedUnlessTheRealmIsStrict() {
        assertThat(Segmentation.crossings(Optional.empty(), false, List.of(PROD_API))).isEmpty();
        assertThat(Segmentation.crossings(Optional.empty(), true, List.of(PROD_API, UNTAGGED))).singleElement()
                .satisfies(c -> assertThat(c.reason()).contains("without identity_environment").contains("strict"));
    }

    @Test
    void aStoredTagThatDoesNotParseIsClosedToEveryone() {
        for (Environment environment : Environment.values()) {
            assertThat(Segmentation.crossings(Optional.of(environment), false, List.of(TYPO))).hasSize(1);
        }
        assertThat(Segmentation.crossings(Optional.empty(), false, List.of(TYPO))).singleElement()
                .satisfies(c -> assertThat(c.reason()).contains("invalid idgov.environment \"production\""));
    }

    @Test
    void problemsNameTheAttribute() {
        assertThat(EnvironmentTags.problems("prod", "staging,dev")).isEmpty();
        assertThat(EnvironmentTags.problems(null, null)).isEmpty();
        assertThat(EnvironmentTags.problems("Prod", null))
                .containsExactly("idgov.environment: \"Prod\" is not one of: prod, staging, dev");
        assertThat(EnvironmentTags.problems("prod", "staging,qa"))
                .containsExactly("idgov.environment.allow-from: \"qa\" is not one of: prod, staging, dev (comma-separated)");
        assertThat(EnvironmentTags.problems(null, "dev")).singleElement().asString().startsWith("idgov.environment.allow-from: set without");
        assertThat(EnvironmentTags.strictProblems("yes")).containsExactly("idgov.environment.strict: \"yes\" is not one of: true, false");
        assertThat(EnvironmentTags.strictProblems("true")).isEmpty();
    }
}
