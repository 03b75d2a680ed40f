package dev.gleaner.testsupport;

import dev.gleaner.devstack.fixture.CrawlSite;

/**
 * The crawl fixture site, started once per test JVM on a free loopback port, with the counting socket
 * its redirect and links to a private address point at (the egress guard must let nothing reach it).
 */
public final class TestCrawlSite {

    private static CrawlSite site;
    private static CountingSocket forbidden;

    private TestCrawlSite() {
    }

    public static synchronized CrawlSite get() {
        if (site == null) {
            forbidden = new CountingSocket();
            site = CrawlSite.start(0, "http://" + forbidden.hostAndPort());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                site.close();
                forbidden.close();
            }, "crawl-site-stop"));
        }
        return site;
    }

    /** The private address the site points at, and how many connections reached it. */
    public static synchronized CountingSocket forbidden() {
        get();
        return forbidden;
    }
}
