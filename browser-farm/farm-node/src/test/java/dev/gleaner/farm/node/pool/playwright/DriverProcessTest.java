package dev.gleaner.farm.node.pool.playwright;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** A killed Chromium that its driver has not reaped yet is dead, though the OS still lists it. */
class DriverProcessTest {

    @Test
    void aZombieChildIsNotRunningThoughTheJdkCallsItAlive() throws Exception {
        // the short sleep exits at once and stays a zombie: its parent (the exec'd long sleep) never reaps it
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0.1 & exec sleep 30").start();
        try {
            ProcessHandle child = await().atMost(Duration.ofSeconds(10))
                    .until(() -> parent.toHandle().children().findFirst().orElse(null), c -> c != null);
            await().atMost(Duration.ofSeconds(10)).until(() -> DriverProcess.zombie(child));

            assertThat(child.isAlive()).as("what ProcessHandle says of a zombie").isTrue();
            assertThat(DriverProcess.running(child)).isFalse();
            assertThat(DriverProcess.running(parent.toHandle())).isTrue();
        } finally {
            parent.destroyForcibly();
        }
    }
}
