package dev.gleaner.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar gleaner-devstack-exec.jar up}: starts the dev stack, prints how to reach it,
 * writes the same to {@code .gleaner/dev.env}, and runs until interrupted (Ctrl-C or SIGTERM),
 * then stops everything it started.
 */
public final class DevStackMain {

    private DevStackMain() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("logback.configurationFile", "devstack-logback.xml");
        if (args.length == 0 || !args[0].equals("up")) {
            System.err.println("usage: gleaner-devstack up   (run from the repository root, or set GLEANER_ROOT)");
            System.exit(2);
        }
        Path root = Path.of(System.getenv().getOrDefault("GLEANER_ROOT", ".")).toAbsolutePath().normalize();
        DevStackSettings settings = DevStackSettings.fromEnvironment(System.getenv(), root);
        Path envFile = settings.stateDir().resolve("dev.env");
        Files.deleteIfExists(envFile);
        DevStack stack = DevStack.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Gleaner ...");
            stack.close();
            try {
                Files.deleteIfExists(envFile);
            } catch (IOException e) {
                // nothing to do: the file is only a hint for scripts
            }
            stopped.countDown();
        }, "gleaner-devstack-shutdown"));
        Map<String, String> env = stack.environment();
        writeEnvFile(envFile, env);
        System.out.println(banner(stack, env, envFile));
        System.out.flush();
        stopped.await();
    }

    static void writeEnvFile(Path file, Map<String, String> env) throws IOException {
        StringBuilder out = new StringBuilder("# Written by ./gleaner up; valid while it runs.\n");
        env.forEach((k, v) -> out.append("export ").append(k).append("='").append(v.replace("'", "'\\''")).append("'\n"));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, out, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String banner(DevStack stack, Map<String, String> env, Path envFile) {
        StringBuilder b = new StringBuilder();
        b.append("\nGleaner is running.\n\n");
        if (stack.settings().scale().balanced()) {
            b.append(String.format("  nginx (public API)     %s   balancing over the gateways%n", stack.gatewayUrl()));
            b.append(String.format("  gateways               %s%n", String.join("  ", stack.gatewayUrls())));
        } else {
            b.append(String.format("  gateway (public API)   %s%n", stack.gatewayUrl()));
        }
        b.append(String.format("  core-api               %s%n", String.join("  ", stack.coreApiUrls())));
        b.append(String.format("  browser-farm node%s     %s%n", stack.farmUrls().size() > 1 ? "s" : " ",
                String.join("  ", stack.farmUrls())));
        b.append(String.format("  admin console          %s   sign in as %s / %s%n", stack.adminUrl(),
                env.get("GLEANER_ADMIN_USER"), env.get("GLEANER_ADMIN_PASSWORD")));
        b.append(String.format("  admin API key          %s%n", env.get("GLEANER_ADMIN_API_KEY")));
        if (env.containsKey("GLEANER_DEMO_TOKEN")) {
            b.append(String.format("  demo tenant token      %s%n", env.get("GLEANER_DEMO_TOKEN")));
        }
        if (env.containsKey("GLEANER_DEMO_PAGE_URL")) {
            b.append(String.format("  demo page              %s%n", env.get("GLEANER_DEMO_PAGE_URL")));
        }
        String allowed = env.get("GLEANER_ALLOWED_TARGETS");
        b.append(String.format("%n  allowed past the SSRF guard (GLEANER_ALLOWED_TARGETS): %s%n",
                allowed.isEmpty() ? "nothing" : allowed + (stack.demoSite() != null ? "  (the demo site"
                        + (stack.settings().allowedTargets().isBlank() ? ")" : ", and yours)") : "")));
        b.append("\nThe same, in shell syntax: ").append(envFile).append("\n");
        b.append("Try:  . ").append(envFile).append(" && curl -s -X POST \"$GLEANER_GATEWAY_URL/v1/scrape\" \\\n")
                .append("        -H \"Authorization: Bearer $GLEANER_DEMO_TOKEN\" -H 'Content-Type: application/json' \\\n")
                .append("        -d \"{\\\"url\\\": \\\"$GLEANER_DEMO_PAGE_URL\\\", \\\"waitForSelector\\\": \\\"#js-content\\\"}\"\n");
        b.append("\nLogs: ").append(stack.settings().stateDir().resolve("logs")).append("   Stop: Ctrl-C (or ./gleaner down)\n");
        return b.toString();
    }
}
