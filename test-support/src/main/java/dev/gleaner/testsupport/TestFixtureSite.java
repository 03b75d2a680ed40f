package dev.gleaner.testsupport;

import dev.gleaner.devstack.fixture.FixtureSite;

/** The fixture web site, started once per test JVM on a free loopback port. */
public final class TestFixtureSite {

    private static FixtureSite site;

    private TestFixtureSite() {
    }

    public static synchronized FixtureSite get() {
        if (site == null) {
            site = FixtureSite.start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(site::close, "fixture-site-stop"));
        }
        return site;
    }
}
