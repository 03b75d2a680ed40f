package dev.gleaner.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboards ({@code infra/grafana/dashboards}): the five the issue names, each on the provisioned
 * Prometheus data source, every PromQL expression valid to promtool (as a recording rule, template variables
 * filled in) and reading only metrics Gleaner's code registers (besides the JVM's own).
 */
class DashboardsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path DASHBOARDS = Promtool.ROOT.resolve("infra/grafana/dashboards");

    private static List<JsonNode> dashboards() throws IOException {
        List<JsonNode> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                found.add(JSON.readTree(file.toFile()));
            }
        }
        return found;
    }

    private static List<String> expressions(JsonNode dashboard) {
        List<String> exprs = new ArrayList<>();
        dashboard.get("panels").forEach(panel -> panel.get("targets").forEach(t -> exprs.add(t.get("expr").asString())));
        return exprs;
    }

    @Test
    void theOverviewTenantsDomainsFarmAndJvmDashboardsAreThereOnTheProvisionedDataSource() throws IOException {
        List<JsonNode> dashboards = dashboards();
        assertThat(dashboards).extracting(d -> d.get("uid").asString()).containsExactlyInAnyOrder("gleaner-overview",
                "gleaner-tenants", "gleaner-domains", "gleaner-farm", "gleaner-jvm");
        String datasource = Files.readString(Promtool.ROOT.resolve("infra/grafana/provisioning/datasources/prometheus.yml"));
        assertThat(datasource).contains("uid: prometheus");
        for (JsonNode dashboard : dashboards) {
            assertThat(dashboard.get("panels").size()).as(dashboard.get("title").asString()).isGreaterThanOrEqualTo(4);
            dashboard.get("panels").forEach(panel -> {
                assertThat(panel.get("datasource").get("uid").asString()).isEqualTo("prometheus");
                assertThat(panel.get("targets").size()).as(panel.get("title").asString()).isPositive();
            });
        }
    }

    @Test
    void everyExpressionIsValidPromQlToPromtool() throws Exception {
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
        int n = 0;
        for (JsonNode dashboard : dashboards()) {
            for (String expr : expressions(dashboard)) {
                String filled = expr.replace("$__rate_interval", "5m").replace("$tenant", ".*").replace("$domain", ".*")
                        .replace("$instance", ".*").replace("$service", ".*");
                assertThat(filled).as("every template variable filled in").doesNotContain("$");
                rules.append("      - record: gleaner:dashboard_check_").append(n++).append("\n        expr: '")
                        .append(filled.replace("'", "''")).append("'\n");
            }
        }
        Path file = Files.createTempFile("dashboard-exprs", ".yml");
        try {
            Files.writeString(file, rules);
            assertThat(Promtool.run(file.getParent(), "check", "rules", file.getFileName().toString()))
                    .contains("SUCCESS: " + n + " rules found");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void everyGleanerMetricTheDashboardsReadIsOneTheCodeRegisters() throws IOException {
        Set<String> registered = Promtool.registered();
        List<String> read = new ArrayList<>();
        for (JsonNode dashboard : dashboards()) {
            expressions(dashboard).forEach(expr -> read.addAll(Promtool.metrics(expr)));
        }
        assertThat(read).isNotEmpty();
        for (String metric : read) {
            assertThat(Promtool.registeredAs(metric, registered)).as(metric + " is registered by the code").isTrue();
        }
    }
}
