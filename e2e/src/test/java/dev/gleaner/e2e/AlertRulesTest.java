package dev.gleaner.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The alert rules ({@code infra/prometheus/alerts.yml}) as Prometheus reads them: checked and unit-tested by
 * promtool (Debian's prometheus package, which {@code ./gleaner test} installs), every alert with a runbook and a
 * unit test that makes it fire, and every metric they watch one that Gleaner's code registers.
 */
class AlertRulesTest {

    private static final Path RULES = Promtool.ROOT.resolve("infra/prometheus/alerts.yml");
    private static final Pattern ALERT = Pattern.compile("(?m)^\\s*- alert: (\\w+)\\s*$");
    private static final Pattern RUNBOOK = Pattern.compile("(?m)^\\s*runbook_url: (\\S+)\\s*$");
    private static final Pattern EXPR = Pattern.compile("(?m)^\\s*expr: (.+)$");

    private static String run(String... args) throws IOException, InterruptedException {
        return Promtool.run(RULES.getParent(), args);
    }

    private static List<String> all(Pattern pattern, String text) {
        return Promtool.all(pattern, text);
    }

    @Test
    void promtoolFindsTheRulesAndTheConfigurationValid() throws Exception {
        assertThat(run("check", "rules", "alerts.yml")).contains("SUCCESS");
        assertThat(run("check", "config", "prometheus.yml")).contains("SUCCESS: 1 rule files found");
    }

    @Test
    void everyAlertsUnitTestsPass() throws Exception {
        assertThat(run("test", "rules", "alerts.test.yml")).contains("SUCCESS");
    }

    @Test
    void everyAlertHasItsRunbookAndAUnitTestInWhichItFires() throws IOException {
        String rules = Files.readString(RULES);
        String tests = Files.readString(RULES.resolveSibling("alerts.test.yml"));
        List<String> alerts = all(ALERT, rules);
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(11).doesNotHaveDuplicates();
        List<String> runbooks = all(RUNBOOK, rules);
        assertThat(runbooks).hasSameSizeAs(alerts);
        for (int i = 0; i < alerts.size(); i++) {
            String alert = alerts.get(i);
            assertThat(runbooks.get(i)).isEqualTo("docs/runbooks/" + alert + ".md");
            Path runbook = Promtool.ROOT.resolve(runbooks.get(i));
            assertThat(runbook).as(alert + "'s runbook").exists();
            assertThat(Files.readString(runbook)).contains("## What it means", "## How to confirm", "## What to do");
            assertThat(Pattern.compile("alertname: " + alert + "\\s+exp_alerts:\\s+- exp_labels").matcher(tests).find())
                    .as(alert + " fires in a unit test").isTrue();
        }
    }

    @Test
    void everyMetricTheRulesWatchIsOneTheCodeRegisters() throws IOException {
        Set<String> registered = Promtool.registered();
        Set<String> watched = new HashSet<>();
        for (String expr : all(EXPR, Files.readString(RULES))) {
            watched.addAll(Promtool.metrics(expr));
        }
        assertThat(watched).isNotEmpty();
        for (String metric : watched) {
            assertThat(Promtool.registeredAs(metric, registered)).as(metric + " is registered by the code").isTrue();
        }
    }
}
