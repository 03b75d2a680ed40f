package dev.gleaner.farm.node.pool.playwright;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Chromium and its Playwright driver start with a clean environment: a renderer exploit that reads
 * {@code /proc/self/environ} finds nothing of the node's own configuration or secrets.
 */
class ChromiumEnvironmentTest {

    @Test
    void onlyWhatABrowserNeedsIsPassedOnNothingOfTheNodesOwnEnvironment() {
        Map<String, String> env = BrowserWorker.cleanEnvironment();

        assertThat(env.keySet()).allSatisfy(name -> assertThat(name).doesNotStartWith("GLEANER_")
                .isNotIn("JAVA_HOME", "MAVEN_OPTS", "CLASSPATH"));
        assertThat(env).containsEntry("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        assertThat(env.keySet()).isSubsetOf("PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "TZ", "FONTCONFIG_PATH",
                "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD");
        if (System.getenv("GLEANER_CHROMIUM_PATH") != null) {
            assertThat(env).as("set for this test run, and still not passed on").doesNotContainKey("GLEANER_CHROMIUM_PATH");
        }
    }
}
