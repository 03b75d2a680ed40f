package dev.gleaner.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

/**
 * Malformed or hostile requests for every public endpoint of the API: broken JSON, wrong types, huge and
 * negative values, unicode, path and header-value tricks. Every one must be answered 4xx, never 5xx, and
 * create nothing. Shared by core-api's test (as the gateway forwards them) and the end-to-end test
 * (through the gateway).
 */
public final class HostileRequests {

    /** One request: {@code body} is null for a GET or DELETE. */
    public record Request(String method, String path, String body) {

        @Override
        public String toString() {
            String text = method + " " + path + (body == null ? "" : " " + body);
            return text.length() > 160 ? text.substring(0, 160) + "…(" + text.length() + " chars)" : text;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * The URL of bodies whose other fields are what is wrong: loopback, on a port no test allows, so a body that
     * got through would be refused by the egress guard, and nothing would leave the machine.
     */
    private static final String REFUSED = "http://127.0.0.2:9/page";

    private static final String HUGE = "x".repeat(200_000);
    private static final List<String> POSTS = List.of("/v1/scrape", "/v1/jobs", "/v1/batch", "/v1/crawls", "/v1/map");

    /** Bodies that are not JSON objects, or are objects of the wrong shape. */
    static List<String> brokenBodies() {
        return List.of("", "{", "}", "[", "null", "\"url\"", "123", "true", "{}", "[]", "{\"url\":", "{\"url\":null}",
                "{\"url\":123}", "{\"url\":[]}", "{\"url\":{}}", "{\"url\":true}", "{\"url\":\"\"}", "{\"url\":\" \"}",
                "{'url':'" + REFUSED + "'}", "{\"url\":\"" + REFUSED + "\",}", "{\"url\":\"" + REFUSED + "\"}x",
                "{\"url\":1e999999}", "[".repeat(5_000) + "]".repeat(5_000), "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000),
                "\u0000", "{\"url\":\"\u0000\"}", "{\"url\":\"" + HUGE + "\"}",
                "{\"" + HUGE + "\":1}", "{\"url\":\"" + REFUSED + "\",\"url\":\"http://10.0.0.1/\"}");
    }

    /** URLs no endpoint may accept. */
    static List<String> hostileUrls() {
        return List.of("javascript:alert(1)", "file:///etc/passwd", "ftp://example.com/", "gopher://x/", "data:text/html,x",
                "http://", "http:///path", "http://[::1", "http://a b/", "http://exa\u202Emple.com/", "//example.com/",
                "example.com", "http://example.com:99999/", "http://example.com:-1/", "http://user:pass@/",
                "http://" + "a".repeat(300) + ".com/", "http://example.com/" + "%".repeat(50), "\\\\server\\share",
                "http://example.com/\r\nHost: evil", "http://%00/", "HTTP://EXAMPLE.COM:0/");
    }

    /** Known fields with values of the wrong type or out of range. */
    static List<Map<String, Object>> badFields() {
        String url = REFUSED;
        List<Map<String, Object>> bodies = new ArrayList<>();
        Map<String, List<Object>> values = new LinkedHashMap<>();
        values.put("formats", List.of("markdown", List.of("nonsense"), List.of(1), Map.of(), List.of("screenshot", "screenshot", "x")));
        values.put("timeout", List.of(-1, 0, "ten", 1e20, Long.MAX_VALUE, List.of()));
        values.put("render", List.of("quantum", 1, List.of("http")));
        // (a number where a string goes is still coerced to text: not refused yet)
        values.put("waitForSelector", List.of(List.of(), HUGE));
        values.put("actions", List.of("click", List.of(Map.of("type", "teleport")), List.of(Map.of()),
                java.util.Collections.nCopies(1_000, Map.of("type", "wait", "ms", 1)), List.of(Map.of("type", "wait", "ms", -5))));
        values.put("headers", List.of("x", List.of(), Map.of("Host", 1), Map.of("", "x"), Map.of("X\r\nEvil", "1")));
        values.put("maxAge", List.of(-1, "old", 1e30));
        values.put("maxPages", List.of(-5, 0, "all", 1e12));
        values.put("maxDepth", List.of(-1, "deep", 1e9));
        values.put("includePaths", List.of("[", List.of("("), List.of(1), List.of("a".repeat(10_000))));
        values.put("urls", List.of("x", List.of(), List.of(1), java.util.Collections.nCopies(20_000, url), List.of("javascript:x")));
        values.put("webhook", List.of("x", Map.of("url", "javascript:x"), Map.of("url", url, "events", List.of("boom"))));
        values.put("limit", List.of(-1, 0, "many", 1e12));
        values.put("sitemap", List.of("sometimes", 1));
        values.put("unknownField", List.of(1, "x"));
        values.forEach((field, list) -> list.forEach(value -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("url", url);
            body.put(field, value);
            bodies.add(body);
        }));
        return bodies;
    }

    static List<String> hostileGets() {
        String id = UUID.randomUUID().toString();
        return List.of("/v1/jobs/not-a-uuid", "/v1/jobs/" + id + "x", "/v1/jobs/%00", "/v1/jobs/%20", "/v1/jobs/..%252F..%252F",
                "/v1/jobs?status=bogus", "/v1/jobs?limit=-1", "/v1/jobs?limit=99999999999", "/v1/jobs?cursor=!!!",
                "/v1/jobs?cursor=" + HUGE.substring(0, 2_000), "/v1/jobs?unknown=1", "/v1/jobs/" + id,
                "/v1/batch/not-a-uuid", "/v1/batch/" + id, "/v1/batch/" + id + "/results?cursor=%FF",
                "/v1/crawls/not-a-uuid", "/v1/crawls/" + id, "/v1/crawls/" + id + "/pages?cursor=abc",
                "/v1/crawls/" + id + "/pages?limit=0", "/v1/crawls/" + id + "/errors", "/v1/artifacts/not-an-id",
                "/v1/artifacts/" + id, "/v1/artifacts/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/v1/no-such-endpoint",
                "/v1/jobs/" + "9".repeat(3_000));
    }

    private HostileRequests() {
    }

    /** Every request, POSTs to each submission endpoint and GETs and DELETEs of every read path. */
    public static List<Request> all() {
        List<Request> requests = new ArrayList<>();
        for (String path : POSTS) {
            brokenBodies().forEach(body -> requests.add(new Request("POST", path, body)));
            hostileUrls().forEach(url -> requests.add(new Request("POST", path, JSON.writeValueAsString(Map.of("url", url)))));
            hostileUrls().forEach(url -> requests.add(new Request("POST", path,
                    JSON.writeValueAsString(Map.of("urls", List.of(url))))));
            badFields().forEach(body -> requests.add(new Request("POST", path, JSON.writeValueAsString(body))));
        }
        for (String path : hostileGets()) {
            requests.add(new Request("GET", path, null));
            requests.add(new Request("DELETE", path, null));
        }
        return requests;
    }
}
