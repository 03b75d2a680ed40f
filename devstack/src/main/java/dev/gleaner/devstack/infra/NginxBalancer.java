package dev.gleaner.devstack.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.gleaner.devstack.process.ServiceProcess;

/**
 * Debian's nginx as the load balancer in front of several gateways (or any HTTP upstreams): keep-alive
 * connections to them, a read timeout above the gateway's longest synchronous scrape, no buffering (so
 * server-sent events flow as they are written), and a request moved to the next upstream only when it
 * could not be sent to the first. Its configuration, pid, temporary files and logs live in a directory
 * of its own; it runs in the foreground as a child process, stopped by {@link #close()}.
 */
public final class NginxBalancer implements AutoCloseable {

    /** What nginx answers itself, to show it is up; never passed to an upstream. */
    public static final String HEALTH_PATH = "/nginx-health";
    /** Above the gateway's longest route timeout (the synchronous scrape's 190 s). */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(200);

    private final int port;
    private final ServiceProcess process;

    private NginxBalancer(int port, ServiceProcess process) {
        this.port = port;
        this.process = process;
    }

    /**
     * Starts nginx on {@code port} (0: any free one) balancing over {@code upstreams} ({@code host:port}),
     * and waits until it answers.
     *
     * @param accessLog whether each request is logged (with the upstream that answered it) to {@code access.log};
     *                  off for benchmarks, where the log would slow nginx down
     */
    public static NginxBalancer start(Path dir, int port, List<String> upstreams, boolean accessLog,
            Duration readyTimeout) {
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("nginx needs at least one upstream");
        }
        int chosen = port > 0 ? port : Ports.free();
        Path conf = dir.resolve("nginx.conf");
        try {
            Files.createDirectories(dir);
            Files.writeString(conf, configuration(dir, chosen, upstreams, accessLog), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + conf, e);
        }
        ServiceProcess process = ServiceProcess.exec("nginx", List.of(executable(), "-p", dir.toString(), "-c",
                conf.toString()), Map.of(), dir.resolve("nginx.out"));
        NginxBalancer balancer = new NginxBalancer(chosen, process);
        try {
            process.awaitReady(URI.create(balancer.url() + HEALTH_PATH), readyTimeout);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return balancer;
    }

    static String configuration(Path dir, int port, List<String> upstreams, boolean accessLog) {
        String servers = upstreams.stream()
                .map(u -> "    server " + u + " max_fails=1 fail_timeout=5s;")
                .collect(Collectors.joining("\n"));
        return """
                worker_processes auto;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 4096; }
                http {
                  log_format upstream '$remote_addr "$request" $status $request_time s upstream $upstream_addr';
                  %6$s
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  client_max_body_size 16m;
                  upstream gateways {
                %2$s
                    keepalive 64;
                  }
                  server {
                    listen 127.0.0.1:%3$d;
                    location = %4$s { access_log off; return 200 "ok\\n"; }
                    location / {
                      proxy_pass http://gateways;
                      proxy_http_version 1.1;
                      proxy_set_header Connection "";
                      proxy_set_header Host $http_host;
                      proxy_connect_timeout 5s;
                      proxy_send_timeout %5$ds;
                      proxy_read_timeout %5$ds;
                      # server-sent events and large answers flow as the gateway writes them
                      proxy_buffering off;
                      proxy_request_buffering off;
                      # a POST is never sent twice: nginx moves only requests it could not send
                      proxy_next_upstream error timeout;
                      proxy_next_upstream_tries 2;
                    }
                  }
                }
                """.formatted(dir, servers, port, HEALTH_PATH, READ_TIMEOUT.toSeconds(),
                        accessLog ? "access_log " + dir + "/access.log upstream;" : "access_log off;");
    }

    /** nginx on the PATH, or Debian's /usr/sbin/nginx (not on a non-root user's PATH). */
    private static String executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nginx"))) {
                return Path.of(dir, "nginx").toString();
            }
        }
        if (Files.isExecutable(Path.of("/usr/sbin/nginx"))) {
            return "/usr/sbin/nginx";
        }
        throw new IllegalStateException("nginx is not installed: ./gleaner up --scale installs Debian's nginx-light,"
                + " or install it yourself");
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }
}
