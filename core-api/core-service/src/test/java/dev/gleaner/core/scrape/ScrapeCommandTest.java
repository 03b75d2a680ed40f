package dev.gleaner.core.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.gleaner.core.client.scrape.Action;
import dev.gleaner.core.client.scrape.Block;
import dev.gleaner.core.client.scrape.Cookie;
import dev.gleaner.core.client.scrape.Format;
import dev.gleaner.core.client.scrape.ScrapeRequest;
import dev.gleaner.core.client.scrape.Viewport;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.InvalidInputException.FieldError;
import dev.gleaner.farm.client.render.WaitUntil;

class ScrapeCommandTest {

    private static final Duration DEFAULT = Duration.ofSeconds(30);
    private static final String URL = "https://example.com/";

    private static ScrapeRequest request(String waitUntil, Viewport viewport, String device, String userAgent,
            String locale, String timezoneId, Map<String, String> headers, List<Cookie> cookies, Block block) {
        return new ScrapeRequest(URL, waitUntil, null, null, null, viewport, device, userAgent, locale, timezoneId,
                headers, cookies, null, block, null, null, null, null, null, null, null);
    }

    private static List<String> fieldsRefused(ScrapeRequest request) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> ScrapeCommand.validate(request, DEFAULT));
        assertThat(e).as("refused").isNotNull();
        return e.errors().stream().map(FieldError::field).toList();
    }

    private static Cookie cookie(String name, String value) {
        return new Cookie(name, value, null, null, null, null, null, null, null);
    }

    @Test
    void everyOptionWithinItsRangePassesAndIsCarriedToTheFarm() {
        ScrapeCommand command = ScrapeCommand.validate(new ScrapeRequest(URL, "networkidle", "#main", 500, 20_000,
                new Viewport(1024, 768), "iPhone 15", "Agent/1", "de-DE", "Europe/Berlin", Map.of("X-Test", "1"),
                List.of(cookie("a", "b")), false, new Block(List.of("image", "font"), List.of("*://ads.test/*")),
                List.of(Action.click("#more")), List.of(Format.named("screenshot")), null, null, null, null, null),
                DEFAULT);
        assertThat(command.timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(command.options().waitUntil()).isEqualTo(WaitUntil.NETWORKIDLE);
        assertThat(command.options().device()).isEqualTo("iPhone 15");
        assertThat(command.options().headers()).containsEntry("X-Test", "1");
        assertThat(command.options().needsOwnContext()).isTrue();
        assertThat(ScrapeCommand.validate(new ScrapeRequest(URL), DEFAULT).options().needsOwnContext()).isFalse();
    }

    @Test
    void eachBadValueIsNamedByItsField() {
        assertThat(fieldsRefused(request("idle", null, null, null, null, null, null, null, null)))
                .containsExactly("waitUntil");
        assertThat(fieldsRefused(request(null, new Viewport(50, null), null, null, null, null, null, null, null)))
                .containsExactly("viewport.width", "viewport.height");
        assertThat(fieldsRefused(request(null, null, "iphone 15", null, null, null, null, null, null)))
                .containsExactly("device");
        assertThat(fieldsRefused(request(null, null, null, "bad\nagent", null, null, null, null, null)))
                .containsExactly("userAgent");
        assertThat(fieldsRefused(request(null, null, null, null, "not a locale", null, null, null, null)))
                .containsExactly("locale");
        assertThat(fieldsRefused(request(null, null, null, null, null, "Mars/Olympus", null, null, null)))
                .containsExactly("timezoneId");
        assertThat(fieldsRefused(request(null, null, null, null, null, "+02:00", null, null, null)))
                .containsExactly("timezoneId");
    }

    @Test
    void headersTheBrowserOwnsOrThatCouldSplitARequestAreRefused() {
        assertThat(fieldsRefused(request(null, null, null, null, null, null,
                Map.of("Host", "evil.test", "X-Ok", "fine", "X-Split", "a\r\nInjected: yes", "bad name", "x"),
                null, null))).containsExactlyInAnyOrder("headers.Host", "headers.X-Split", "headers.bad name");
    }

    @Test
    void cookiesNeedANameAndAValueAndOneWayToSayWhereTheyBelong() {
        assertThat(fieldsRefused(request(null, null, null, null, null, null, null, List.of(
                cookie(null, "v"),
                cookie("n", "a;b"),
                new Cookie("n", "v", "https://example.com/", "example.com", null, null, null, null, null),
                new Cookie("n", "v", null, null, "no-slash", null, null, null, "Sometimes")), null)))
                .containsExactly("cookies[0].name", "cookies[1].value", "cookies[2]", "cookies[3].path",
                        "cookies[3].sameSite");
    }

    @Test
    void onlyTheListedResourceTypesCanBeBlocked() {
        assertThat(fieldsRefused(request(null, null, null, null, null, null, null, null,
                new Block(List.of("image", "script"), List.of(" ")))))
                .containsExactly("block.resourceTypes[1]", "block.urlPatterns[0]");
    }

    private static List<String> stepsRefused(List<Action> actions, List<Format> formats) {
        return fieldsRefused(new ScrapeRequest(URL, null, null, null, null, null, null, null, null, null, null, null,
                null, null, actions, formats, null, null, null, null, null));
    }

    private static Action action(String type, String selector, String text, String key, String direction, Integer ms,
            String script) {
        return new Action(type, selector, text, key, direction, ms, script, null, null);
    }

    @Test
    void eachActionTakesItsOwnFieldsAndNoOther() {
        assertThat(stepsRefused(List.of(
                action("hover", "#a", null, null, null, null, null),
                action("click", null, null, null, null, null, null),
                action("click", "#a", "typed?", null, null, null, null),
                action("type", "#q", null, null, null, null, null),
                action("press", null, null, "Enter; rm -rf", null, null, null),
                action("scroll", "#a", null, null, "down", null, null),
                action("scroll", null, null, null, "sideways", null, null),
                action("wait", null, null, null, null, 60_000, null),
                action("evaluate", null, null, null, null, null, ""),
                new Action("screenshot", null, null, null, null, null, null, true, 0)), null))
                .containsExactly("actions[0].type", "actions[1].selector", "actions[2].text", "actions[3].text",
                        "actions[4].key", "actions[5]", "actions[6].direction", "actions[7].ms", "actions[8].script",
                        "actions[9].timeoutMs");
        assertThat(stepsRefused(java.util.Collections.nCopies(51, Action.click("#a")), null)).containsExactly("actions");
    }

    @Test
    void formatsAreNamesOrObjectsWithTheirOwnSettings() {
        assertThat(stepsRefused(null, List.of(Format.named("markdwn"), Format.named("html"), Format.named("html"),
                new Format("screenshot", null, "gif", 80, null, null, null, null),
                new Format("pdf", true, null, null, "B5", null, null, null))))
                .containsExactly("formats[0].type", "formats[2]", "formats[3].imageType", "formats[3].quality",
                        "formats[4].fullPage", "formats[4].format");
        ScrapeCommand ok = ScrapeCommand.validate(new ScrapeRequest(URL, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, List.of(new Format("screenshot", true, "jpeg", 80, null, null, null,
                true)), null, null, null, null, null), DEFAULT);
        assertThat(ok.options().format("screenshot")).isPresent();
        assertThat(ok.options().format("html")).as("html only when listed").isEmpty();
    }
}
