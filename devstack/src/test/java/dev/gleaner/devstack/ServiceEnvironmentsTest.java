package dev.gleaner.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.gleaner.devstack.infra.PostgresCoordinates;

class ServiceEnvironmentsTest {

    private static final List<String> SECRETS = List.of("GLEANER_IDENTITY_SECRET", "GLEANER_ADMIN_API_KEY",
            "GLEANER_ADMIN_PASSWORD", "GLEANER_DB_PASSWORD", "GLEANER_EGRESS_SECRET");

    private static ServiceEnvironments environments(Path dir) {
        DevStackSettings settings = DevStackSettings.fromEnvironment(Map.of(), dir);
        return new ServiceEnvironments(settings, new PostgresCoordinates("127.0.0.1", 15432, "gleaner", "gleaner",
                "db-password"), "redis://127.0.0.1:16379", "127.0.0.1:8090");
    }

    private static List<String> secretsIn(Map<String, String> env) {
        return SECRETS.stream().filter(env::containsKey).toList();
    }

    @Test
    void eachServiceGetsOnlyTheSecretsItReads(@TempDir Path dir) {
        ServiceEnvironments environments = environments(dir);
        Map<String, String> farm = environments.farmNode(18082, Map.of());

        assertThat(secretsIn(environments.coreApi(18081, farm, Map.of()))).containsExactlyInAnyOrderElementsOf(SECRETS);
        assertThat(secretsIn(farm)).containsExactly("GLEANER_EGRESS_SECRET");
        assertThat(secretsIn(environments.gateway(18080, List.of("http://localhost:18081"))))
                .containsExactly("GLEANER_IDENTITY_SECRET");
        assertThat(secretsIn(environments.adminUi(18083, Map.of()))).containsExactly("GLEANER_ADMIN_API_KEY");
    }

    @Test
    void eachCoreApiFetchesThroughTheEgressPortOfItsFarmNodeWithTheSecretTheNodeAsksFor(@TempDir Path dir) {
        ServiceEnvironments environments = environments(dir);
        Map<String, String> first = environments.farmNode(18082, Map.of());
        Map<String, String> second = environments.farmNode(18092, Map.of());

        assertThat(first.get("GLEANER_FARM_EGRESS_PORT")).isNotEqualTo(second.get("GLEANER_FARM_EGRESS_PORT"));
        assertThat(first.get("GLEANER_FARM_EGRESS_HOST")).isEqualTo("127.0.0.1");
        Map<String, String> core = environments.coreApi(18091, second, Map.of("GLEANER_INSTANCE_ID", "core-b"));
        assertThat(core).containsEntry("GLEANER_EGRESS_PROXY", "http://127.0.0.1:" + second.get("GLEANER_FARM_EGRESS_PORT"))
                .containsEntry("GLEANER_EGRESS_SECRET", second.get("GLEANER_EGRESS_SECRET"))
                .containsEntry("GLEANER_CORE_PORT", "18091").containsEntry("GLEANER_INSTANCE_ID", "core-b");
        assertThat(core.get("GLEANER_EGRESS_SECRET")).hasSizeGreaterThanOrEqualTo(16);
    }
}
