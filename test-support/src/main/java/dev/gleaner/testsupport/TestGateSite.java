package dev.gleaner.testsupport;

import dev.gleaner.devstack.fixture.GateSite;

/** The policy gate's fixture site ({@link GateSite}, on its own loopback address), started once per test JVM. */
public final class TestGateSite {

    private static GateSite site;

    private TestGateSite() {
    }

    public static synchronized GateSite get() {
        if (site == null) {
            site = GateSite.start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(site::close, "gate-site-stop"));
        }
        return site;
    }
}
