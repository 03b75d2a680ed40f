package dev.gleaner.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code wrk} (one thread) run as a process, with a Lua script that sends each request with the
 * next token of a file as its bearer and, with {@code delayMs}, waits that long between a connection's
 * requests (paced, closed loop). The rate, p50, p99 and non-2xx count are read from its report.
 */
final class Wrk {

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors:.*");

    /** One wrk run's figures. */
    record Load(String path, double perSecond, double p50Ms, double p99Ms, long failed) {
    }


    private Wrk() {
    }

    /** Loads {@code url} with {@code GET target} for {@code seconds}, each request with the next token of the file. */
    static Load run(Path work, String target, String url, Path tokens, int connections, int seconds, int delayMs,
            String path) throws Exception {
        Path script = work.resolve(delayMs > 0 ? "paced.lua" : "saturate.lua");
        Files.writeString(script, """
                local tokens = {}
                local n = 0
                function init(args)
                  for line in io.lines(args[1]) do tokens[#tokens + 1] = line end
                  n = math.random(#tokens)
                end
                function request()
                  n = n %% #tokens + 1
                  return wrk.format("GET", "%s", { ["Authorization"] = "Bearer " .. tokens[n] })
                end
                """.formatted(target) + (delayMs > 0 ? "function delay() return " + delayMs + " end\n" : ""));
        Process process = new ProcessBuilder("wrk", "-t", "1", "-c", Integer.toString(connections), "-d", seconds + "s",
                "--latency", "--timeout", "10s", "-s", script.toString(), url, "--", tokens.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("wrk failed on " + url + ":\n" + output);
        }
        Matcher rate = RATE.matcher(output);
        if (!rate.find()) {
            throw new IllegalStateException("no rate in wrk's output:\n" + output);
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher percentile = PERCENTILE.matcher(output);
        while (percentile.find()) {
            double ms = Double.parseDouble(percentile.group(2)) * switch (percentile.group(3)) {
                case "us" -> 0.001;
                case "s" -> 1000;
                default -> 1;
            };
            if (percentile.group(1).equals("50")) {
                p50 = ms;
            } else {
                p99 = ms;
            }
        }
        Matcher non2xx = NON_2XX.matcher(output);
        long failed = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
        Matcher errors = SOCKET_ERRORS.matcher(output);
        if (errors.find()) {
            System.err.println("[bench] " + path + ": " + errors.group());
        }
        Load load = new Load(path, Double.parseDouble(rate.group(1)), p50, p99, failed);
        System.err.printf(Locale.ROOT, "[bench] %s: %.0f/s, p50 %.2f ms, p99 %.2f ms, %d failed%n", path,
                load.perSecond(), load.p50Ms(), load.p99Ms(), load.failed());
        return load;
    }
}
