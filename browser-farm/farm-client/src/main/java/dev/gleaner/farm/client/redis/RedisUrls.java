package dev.gleaner.farm.client.redis;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.RedisURI;

/**
 * Reads {@code GLEANER_REDIS_URL}: {@code redis://…} or {@code rediss://…} is one Redis (Lettuce's own URI
 * syntax); {@code redis-cluster://[user:password@]host1:port1,host2:port2,…} (or {@code rediss-cluster://} for
 * TLS) is a Redis Cluster's seed nodes, each reached with the same credentials. A port left out is 6379. Errors
 * never repeat the URL, which may hold a password.
 */
public final class RedisUrls {

    private static final String CLUSTER = "redis-cluster://";
    private static final String CLUSTER_TLS = "rediss-cluster://";
    private static final int DEFAULT_PORT = 6379;

    private RedisUrls() {
    }

    public static boolean isCluster(String url) {
        return url.startsWith(CLUSTER) || url.startsWith(CLUSTER_TLS);
    }

    public static RedisURI single(String url, Duration commandTimeout) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(commandTimeout);
        return uri;
    }

    /** The seed nodes of a {@code redis-cluster://} URL. */
    public static List<RedisURI> clusterSeeds(String url, Duration commandTimeout) {
        boolean tls = url.startsWith(CLUSTER_TLS);
        String rest = url.substring(tls ? CLUSTER_TLS.length() : CLUSTER.length());
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            rest = rest.substring(0, slash);
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo);
            password = colon >= 0 ? decode(userInfo.substring(colon + 1)) : null;
        }
        List<RedisURI> seeds = new ArrayList<>();
        for (String node : rest.split(",", -1)) {
            String hostPort = node.strip();
            int colon = hostPort.lastIndexOf(':');
            String host = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
            int port = DEFAULT_PORT;
            if (colon >= 0) {
                String digits = hostPort.substring(colon + 1);
                if (!digits.matches("[0-9]{1,5}") || Integer.parseInt(digits) > 65_535) {
                    throw new IllegalArgumentException("GLEANER_REDIS_URL: seed node " + (seeds.size() + 1)
                            + " has no valid port (redis-cluster://[user:password@]host1:port1,host2:port2,...)");
                }
                port = Integer.parseInt(digits);
            }
            if (host.isEmpty()) {
                throw new IllegalArgumentException("GLEANER_REDIS_URL: seed node " + (seeds.size() + 1)
                        + " has no host (redis-cluster://[user:password@]host1:port1,host2:port2,...)");
            }
            RedisURI.Builder builder = RedisURI.Builder.redis(host, port).withSsl(tls).withTimeout(commandTimeout);
            if (password != null) {
                if (user == null || user.isEmpty()) {
                    builder.withPassword(password.toCharArray());
                } else {
                    builder.withAuthentication(user, password.toCharArray());
                }
            }
            seeds.add(builder.build());
        }
        return seeds;
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }
}
