package dev.gleaner.farm.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.gleaner.core.client.scrape.Block;
import dev.gleaner.core.client.scrape.Cookie;
import dev.gleaner.core.client.scrape.Viewport;
import dev.gleaner.devstack.fixture.FixtureSite;
import dev.gleaner.farm.client.lease.Lease;
import dev.gleaner.farm.client.render.RenderOptions;
import dev.gleaner.farm.client.render.RenderOutcome;
import dev.gleaner.farm.client.render.RenderRequest;
import dev.gleaner.farm.client.render.RenderResult;
import dev.gleaner.farm.client.render.WaitUntil;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Each render option on fixture pages, in the real browser; what the page saw is read back from it. */
class RenderOptionsIT extends RealNode {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RenderResult render(String path, int timeoutMs, RenderOptions options) {
        Lease lease = lease();
        try {
            RenderResult result = pool.render(new RenderRequest(lease.leaseId(), lease.fencingToken(), SITE.url(path),
                    timeoutMs, "it", options)).block(Duration.ofSeconds(60));
            assertThat(result).isNotNull();
            return result;
        } finally {
            leases.release(lease).block(Duration.ofSeconds(10));
        }
    }

    private static RenderOptions options(WaitUntil waitUntil, Viewport viewport, String device, String userAgent,
            String locale, String timezoneId, Map<String, String> headers, List<Cookie> cookies, Boolean javaScript,
            Block block) {
        return new RenderOptions(waitUntil, null, null, viewport, device, userAgent, locale, timezoneId, headers, cookies,
                javaScript, block, null, null);
    }

    /** What the echo page's script saw, from its {@code #env}. */
    private static JsonNode env(RenderResult result) {
        assertThat(result.outcome()).as(result.toString()).isEqualTo(RenderOutcome.OK);
        String html = result.html();
        int start = html.indexOf("<pre id=\"env\">") + "<pre id=\"env\">".length();
        return JSON.readTree(html.substring(start, html.indexOf("</pre>", start)).replace("&quot;", "\""));
    }

    private static String headersSeen(RenderResult result) {
        String html = result.html();
        int start = html.indexOf("<pre id=\"headers\">");
        return html.substring(start, html.indexOf("</pre>", start));
    }

    @Test
    void withoutOptionsThePageGetsTheDefaults() {
        JsonNode env = env(render("/echo", 20_000, RenderOptions.DEFAULT));
        assertThat(env.get("w").asInt()).isEqualTo(1280);
        assertThat(env.get("h").asInt()).isEqualTo(720);
        assertThat(env.get("ua").asString()).contains("HeadlessChrome");
    }

    @Test
    void viewportUserAgentLocaleAndTimeZoneAreWhatThePageSees() {
        RenderResult result = render("/echo", 20_000, options(null, new Viewport(800, 600), null, "GleanerTest/1.0",
                "de-DE", "Asia/Tokyo", null, null, null, null));
        JsonNode env = env(result);
        assertThat(env.get("w").asInt()).isEqualTo(800);
        assertThat(env.get("h").asInt()).isEqualTo(600);
        assertThat(env.get("ua").asString()).isEqualTo("GleanerTest/1.0");
        assertThat(env.get("lang").asString()).isEqualTo("de-DE");
        assertThat(env.get("tz").asString()).isEqualTo("Asia/Tokyo");
        assertThat(headersSeen(result)).contains("user-agent: GleanerTest/1.0").contains("accept-language: de-DE");
    }

    @Test
    void aViewportAloneIsAppliedToAReadyMadeContext() {
        JsonNode env = env(render("/echo", 20_000, options(null, new Viewport(500, 400), null, null, null, null, null,
                null, null, null)));
        assertThat(env.get("w").asInt()).isEqualTo(500);
        assertThat(env.get("h").asInt()).isEqualTo(400);
    }

    @Test
    void aDevicePresetBringsItsViewportUserAgentScaleAndTouch() {
        JsonNode env = env(render("/echo", 20_000, options(null, null, "iPhone 15", null, null, null, null, null, null,
                null)));
        // the layout viewport: a mobile browser zooms out to fit wide content, so innerWidth is not the device's
        assertThat(env.get("cw").asInt()).isEqualTo(393);
        assertThat(env.get("dpr").asInt()).isEqualTo(3);
        assertThat(env.get("touch").asInt()).isPositive();
        assertThat(env.get("ua").asString()).contains("iPhone");
    }

    @Test
    void headersAndCookiesGoWithTheRequestAndTheCookiesAreThePagesToo() {
        RenderResult result = render("/echo", 20_000, options(null, null, null, null, null, null,
                Map.of("X-Gleaner-Test", "hello"),
                List.of(new Cookie("session", "abc123", null, null, null, null, null, null, null)), null, null));
        assertThat(headersSeen(result)).contains("x-gleaner-test: hello").contains("cookie: session=abc123");
        assertThat(env(result).get("cookie").asString()).isEqualTo("session=abc123");
    }

    @Test
    void cookiesAndHeadersDoNotLeakIntoTheNextRender() {
        render("/echo", 20_000, options(null, null, null, null, null, null, Map.of("X-Leak", "1"),
                List.of(new Cookie("leak", "yes", null, null, null, null, null, null, null)), null, null));
        RenderResult next = render("/echo", 20_000, RenderOptions.DEFAULT);
        assertThat(headersSeen(next)).doesNotContain("x-leak").doesNotContain("leak=yes");
        assertThat(env(next).get("cookie").asString()).isEmpty();
    }

    @Test
    void withJavaScriptOffThePageIsCapturedAsServedAndItsScriptsDoNotRun() {
        RenderResult result = render("/js-content", 20_000, options(null, null, null, null, null, null, null, null,
                false, null));
        assertThat(result.outcome()).as(result.toString()).isEqualTo(RenderOutcome.OK);
        assertThat(result.html()).doesNotContain(FixtureSite.JS_MARKER);
        RenderResult scripted = render("/js-content", 20_000, RenderOptions.waitingFor("#js-content", null));
        assertThat(scripted.html()).contains(FixtureSite.JS_MARKER);
    }

    @Test
    void domContentLoadedDoesNotWaitForASlowImageWhileLoadDoes() {
        RenderResult early = render("/slow-image?ms=5000", 2_500, options(WaitUntil.DOMCONTENTLOADED, null, null, null,
                null, null, null, null, null, null));
        assertThat(early.outcome()).as(early.toString()).isEqualTo(RenderOutcome.OK);
        assertThat(early.html()).contains("Text first.");
        RenderResult load = render("/slow-image?ms=5000", 2_500, options(WaitUntil.LOAD, null, null, null, null, null,
                null, null, null, null));
        assertThat(load.outcome()).as(load.toString()).isEqualTo(RenderOutcome.TIMEOUT);
    }

    @Test
    void networkIdleWaitsForTheNetworkToSettle() {
        RenderResult result = render("/assets?n=9", 20_000, options(WaitUntil.NETWORKIDLE, null, null, null, null, null,
                null, null, null, null));
        assertThat(result.outcome()).as(result.toString()).isEqualTo(RenderOutcome.OK);
        assertThat(result.html()).contains("3 of 3 scripts ran");
    }

    @Test
    void blockedResourceTypesNeverReachTheServerAndTheRestDoes() {
        long css = SITE.hits("/asset/0.css");
        long svg = SITE.hits("/asset/2.svg");
        long js = SITE.hits("/asset/1.js");
        RenderResult result = render("/assets?n=3", 20_000, options(null, null, null, null, null, null, null, null, null,
                new Block(List.of("image", "stylesheet"), null)));
        assertThat(result.outcome()).as(result.toString()).isEqualTo(RenderOutcome.OK);
        assertThat(result.html()).contains("1 of 1 scripts ran");
        assertThat(SITE.hits("/asset/0.css")).isEqualTo(css);
        assertThat(SITE.hits("/asset/2.svg")).isEqualTo(svg);
        assertThat(SITE.hits("/asset/1.js")).isEqualTo(js + 1);
    }

    @Test
    void blockedUrlPatternsNeverReachTheServer() {
        long blocked = SITE.hits("/asset/4.js");
        long allowed = SITE.hits("/asset/1.js");
        RenderResult result = render("/assets?n=6", 20_000, options(null, null, null, null, null, null, null, null, null,
                new Block(null, List.of("*/asset/4.js"))));
        assertThat(result.outcome()).as(result.toString()).isEqualTo(RenderOutcome.OK);
        assertThat(result.html()).contains("1 of 2 scripts ran");
        assertThat(SITE.hits("/asset/4.js")).isEqualTo(blocked);
        assertThat(SITE.hits("/asset/1.js")).isEqualTo(allowed + 1);
    }

    @Test
    void blockingReachesIntoACrossSiteFrame() {
        long image = SITE.hits("/framed-pixel.svg");
        long script = SITE.hits("/framed-script.js");
        long frame = SITE.hits("/framed");
        RenderResult result = render("/cross-site-frame", 20_000, options(null, null, null, null, null, null, null, null,
                null, new Block(List.of("image"), List.of("*/framed-script.js"))));
        assertThat(result.outcome()).as(result.toString()).isEqualTo(RenderOutcome.OK);
        assertThat(SITE.hits("/framed")).as("the frame itself loads").isEqualTo(frame + 1);
        assertThat(SITE.hits("/framed-pixel.svg")).as("the frame's image").isEqualTo(image);
        assertThat(SITE.hits("/framed-script.js")).as("the frame's script").isEqualTo(script);
    }

    @Test
    void aSelectorThatIsNotCssIsAnInvalidRequestNotATimeout() {
        RenderResult result = render("/echo", 20_000, RenderOptions.waitingFor("p[", null));
        assertThat(result.outcome()).isEqualTo(RenderOutcome.INVALID_REQUEST);
        assertThat(result.detail()).contains("waitForSelector").contains("not a valid CSS selector");
    }
}
