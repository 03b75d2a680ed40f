package dev.gleaner.farm.client.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import reactor.core.publisher.Flux;

/**
 * One Lua script kept as a classpath resource, loaded once and run by its SHA; the script
 * body is sent only when Redis has not cached it yet (after a restart or a flush).
 */
public final class LuaScript {

    private final String name;
    private final String source;
    private final String sha;

    private LuaScript(String name, String source, String sha) {
        this.name = name;
        this.source = source;
        this.sha = sha;
    }

    /** Loads {@code /gleaner/farm/lua/<name>.lua}, or any resource path starting with '/'. */
    public static LuaScript load(String name) {
        return new LuaScript(name, read(name), null).withSha();
    }

    /** Loads a script with a library of functions it uses prepended (Redis scripts cannot include one another). */
    public static LuaScript load(String library, String name) {
        return new LuaScript(name, read(library) + "\n" + read(name), null).withSha();
    }

    private LuaScript withSha() {
        return new LuaScript(name, source, sha1(source));
    }

    private static String read(String name) {
        String path = name.startsWith("/") ? name : "/gleaner/farm/lua/" + name + ".lua";
        try (InputStream in = LuaScript.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Lua script not found on the classpath: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Lua script " + path, e);
        }
    }

    private static String sha1(String source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every JDK", e);
        }
    }

    public String name() {
        return name;
    }

    /** Runs a script that returns a flat list, and emits its elements as strings. */
    public Flux<String> runForList(RedisClusterReactiveCommands<String, String> redis, String[] keys, String... args) {
        return this.<Object>run(redis, ScriptOutputType.MULTI, keys, args)
                .flatMapIterable(reply -> reply instanceof List<?> list ? list : List.of(reply))
                .map(String::valueOf);
    }

    /** Runs the script. */
    public <T> Flux<T> run(RedisClusterReactiveCommands<String, String> redis, ScriptOutputType type,
            String[] keys, String... args) {
        return redis.<T>evalsha(sha, type, keys, args)
                .onErrorResume(RedisNoScriptException.class, e -> redis.eval(source, type, keys, args));
    }
}
