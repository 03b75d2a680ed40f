package dev.gleaner.core.scrape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gleaner.core.client.scrape.ScrapeRequest;

/** Which of a request's options only a browser can meet, and so decide between HTTP and the browser. */
final class BrowserOptions {

    private BrowserOptions() {
    }

    /**
     * The options given that only a browser can meet. {@code waitForSelector} is not one of them: over HTTP, a
     * page that already has the element needs no browser.
     */
    static List<String> given(ScrapeRequest request) {
        List<String> fields = new ArrayList<>();
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("waitUntil", request.waitUntil());
        options.put("waitForMs", request.waitForMs());
        options.put("viewport", request.viewport());
        options.put("device", request.device());
        options.put("timezoneId", request.timezoneId());
        options.put("cookies", request.cookies() == null || request.cookies().isEmpty() ? null : request.cookies());
        options.put("javaScriptEnabled", request.javaScriptEnabled());
        options.put("block", request.block());
        options.put("actions", request.actions() == null || request.actions().isEmpty() ? null : request.actions());
        options.forEach((field, value) -> {
            if (value != null) {
                fields.add(field);
            }
        });
        if (request.formats() != null) {
            for (int i = 0; i < request.formats().size(); i++) {
                var format = request.formats().get(i);
                if (format != null && ("screenshot".equals(format.type()) || "pdf".equals(format.type()))) {
                    fields.add("formats[" + i + "]");
                }
            }
        }
        return fields;
    }
}
