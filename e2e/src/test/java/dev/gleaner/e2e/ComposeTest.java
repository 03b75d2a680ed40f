package dev.gleaner.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml}, as Debian's {@code docker-compose} reads it ({@code docker-compose config}: no
 * Docker daemon needed), checked against what the issue asks of it and against the code: every variable it
 * gives a Gleaner service is one that service reads.
 */
class ComposeTest {

    private static final Path ROOT = Promtool.ROOT;
    private static final Pattern YAML_VARIABLE = Pattern.compile("\\$\\{(GLEANER_[A-Z0-9_]+)");
    private static final Pattern JAVA_VARIABLE = Pattern.compile("\"(GLEANER_[A-Z0-9_]+)\"");
    private static final Pattern REQUIRED = Pattern.compile("\\$\\{(GLEANER_[A-Z0-9_]+):\\?");
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>(gleaner-[a-z-]+)</artifactId>");

    private static Map<String, Map<String, Object>> services;

    @TempDir
    static Path dir;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readComposeAsDockerComposeDoes() throws Exception {
        Path env = dir.resolve("test.env");
        Files.writeString(env, """
                GLEANER_IDENTITY_SECRET=identity-secret-for-the-compose-test-0123
                GLEANER_ADMIN_API_KEY=admin-key-for-the-compose-test
                GLEANER_ADMIN_PASSWORD=admin-password-for-the-test
                GLEANER_DB_PASSWORD=db-password-for-the-test
                GLEANER_REDIS_PASSWORD=redis-password-for-the-test
                GLEANER_EGRESS_SECRET=egress-secret-for-the-compose-test
                """);
        Result config = compose("--env-file", env.toString(), "config");
        assertThat(config.exitCode()).as(config.output()).isZero();
        Map<String, Object> file = new Yaml().load(config.output());
        services = (Map<String, Map<String, Object>>) file.get("services");
    }

    @Test
    void composeRefusesToStartWhileASecretIsUnset() throws Exception {
        Path empty = dir.resolve("empty.env");
        Files.writeString(empty, "");
        Result config = compose("--env-file", empty.toString(), "config");
        assertThat(config.exitCode()).isNotZero();
        assertThat(config.output()).contains("set GLEANER_");
        Set<String> required = new HashSet<>(Promtool.all(REQUIRED, Files.readString(ROOT.resolve("docker-compose.yml"))));
        String example = Files.readString(ROOT.resolve(".env.example"));
        assertThat(required).isNotEmpty().allSatisfy(name -> assertThat(example).contains(name + "="));
    }

    @Test
    void nginxIsTheOnePublicEntryInFrontOfSeveralGatewaysAndEveryServiceHasAHealthCheck() throws Exception {
        assertThat(services).containsKeys("nginx", "gateway", "core-api", "browser-farm", "admin-ui", "postgres",
                "redis", "prometheus", "grafana");
        services.forEach((name, service) -> assertThat(service).as(name + " health check").containsKey("healthcheck"));
        for (String scaled : List.of("gateway", "core-api", "browser-farm")) {
            assertThat(replicas(scaled)).as(scaled + " replicas").isGreaterThanOrEqualTo(2);
            assertThat(services.get(scaled)).as(scaled + " publishes no port").doesNotContainKey("ports");
        }
        assertThat(String.valueOf(services.get("nginx").get("ports"))).contains("8080");
        String nginx = Files.readString(ROOT.resolve("infra/nginx/gleaner.conf"));
        assertThat(String.valueOf(services.get("nginx").get("volumes"))).contains("infra/nginx/gleaner.conf");
        assertThat(nginx).contains("server gateway:8080", "proxy_buffering off;", "proxy_next_upstream error timeout;");
        int readTimeout = Integer.parseInt(nginx.replaceAll("(?s).*proxy_read_timeout (\\d+)s;.*", "$1"));
        assertThat(readTimeout).as("nginx waits longer than the gateway's longest synchronous scrape (190 s)")
                .isGreaterThan(190);
    }

    @Test
    void postgresAndRedisKeepTheirDataInVolumesAndRedisRequiresAPassword() {
        assertThat(String.valueOf(services.get("postgres").get("volumes"))).contains("/var/lib/postgresql/data");
        assertThat(String.valueOf(services.get("redis").get("volumes"))).contains("/data");
        String command = String.valueOf(services.get("redis").get("command"));
        assertThat(command).contains("--appendonly, yes", "--requirepass, redis-password-for-the-test");
        assertThat(environment("gateway").get("GLEANER_REDIS_URL")).isEqualTo("redis://:redis-password-for-the-test@redis:6379");
    }

    @Test
    void theFarmRunsUnderAnInitAndGetsNoSecretButRedisAndEachSecretGoesOnlyWhereItIsRead() {
        assertThat(services.get("browser-farm").get("init")).isEqualTo(true);
        assertThat(environment("browser-farm")).doesNotContainKeys("GLEANER_IDENTITY_SECRET", "GLEANER_ADMIN_API_KEY",
                "GLEANER_DB_PASSWORD");
        assertThat(environment("gateway")).doesNotContainKeys("GLEANER_ADMIN_API_KEY", "GLEANER_DB_PASSWORD",
                "GLEANER_EGRESS_SECRET");
        // core-api's fetches leave through the farm's egress port, with the secret both of them get
        assertThat(environment("core-api")).containsEntry("GLEANER_EGRESS_PROXY",
                "http://browser-farm:" + environment("browser-farm").get("GLEANER_FARM_EGRESS_PORT"));
        assertThat(environment("core-api").get("GLEANER_EGRESS_SECRET")).isEqualTo("egress-secret-for-the-compose-test")
                .isEqualTo(environment("browser-farm").get("GLEANER_EGRESS_SECRET"));
        assertThat(environment("admin-ui")).doesNotContainKeys("GLEANER_IDENTITY_SECRET", "GLEANER_DB_PASSWORD",
                "GLEANER_REDIS_URL", "GLEANER_EGRESS_SECRET");
    }

    @Test
    void everyVariableGivenToAGleanerServiceIsReadByThatService() throws IOException {
        Map<String, Path> modules = modulesByArtifact();
        int checked = 0;
        for (var entry : services.entrySet()) {
            Object build = entry.getValue().get("build");
            if (build == null) {
                continue;
            }
            String jar = String.valueOf(((Map<?, ?>) ((Map<?, ?>) build).get("args")).get("JAR"));
            Path module = ROOT.resolve(jar.substring(0, jar.indexOf("/target/")));
            Set<String> read = variablesRead(module, modules);
            for (String variable : environment(entry.getKey()).keySet()) {
                assertThat(read).as(entry.getKey() + " reads " + variable).contains(variable);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(String service) {
        Object env = services.get(service).get("environment");
        return env == null ? Map.of() : (Map<String, Object>) env;
    }

    private static int replicas(String service) {
        Object deploy = services.get(service).get("deploy");
        return deploy == null ? 1 : ((Number) ((Map<?, ?>) deploy).get("replicas")).intValue();
    }

    /** Every GLEANER_* variable a module reads in its configuration or code, or one of the modules it uses. */
    private static Set<String> variablesRead(Path module, Map<String, Path> modules) throws IOException {
        Set<String> read = new HashSet<>();
        List<Path> scan = new ArrayList<>(List.of(module));
        for (String artifact : Promtool.all(ARTIFACT, Files.readString(module.resolve("pom.xml")))) {
            if (modules.containsKey(artifact)) {
                scan.add(modules.get(artifact));
            }
        }
        for (Path dir : scan) {
            Path main = dir.resolve("src/main");
            if (!Files.isDirectory(main)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(main)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String text = Files.readString(file);
                    String name = file.toString();
                    if (name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".properties")) {
                        read.addAll(Promtool.all(YAML_VARIABLE, text));
                    } else if (name.endsWith(".java")) {
                        read.addAll(Promtool.all(JAVA_VARIABLE, text));
                    }
                }
            }
        }
        return read;
    }

    /** The repository's Maven modules by their artifact id. */
    private static Map<String, Path> modulesByArtifact() throws IOException {
        Map<String, Path> modules = new HashMap<>();
        try (Stream<Path> poms = Files.walk(ROOT, 3)) {
            for (Path pom : poms.filter(p -> p.getFileName().toString().equals("pom.xml")).toList()) {
                List<String> ids = Promtool.all(ARTIFACT, Files.readString(pom));
                // the module's own id follows its parent's
                if (ids.size() > 1 && !pom.getParent().equals(ROOT)) {
                    modules.put(ids.get(1), pom.getParent());
                }
            }
        }
        return modules;
    }

    private record Result(int exitCode, String output) {
    }

    private static Result compose(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Promtool.tool("GLEANER_DOCKER_COMPOSE", "docker-compose",
                "Debian's docker-compose package"), "--project-directory", ROOT.toString(),
                "-f", ROOT.resolve("docker-compose.yml").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("docker-compose ended").isTrue();
        return new Result(process.exitValue(), output);
    }
}
