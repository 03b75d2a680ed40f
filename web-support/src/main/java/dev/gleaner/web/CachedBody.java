package dev.gleaner.web;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A request's body read once into memory (up to a limit), with a request that replays those
 * bytes to whoever reads it next: for signing (gateway) and verifying (core-api) a digest of
 * exactly the bytes that travel. Bodies here are small JSON documents.
 */
public record CachedBody(ServerHttpRequest request, byte[] bytes) {

    /**
     * Reads the body of {@code request}.
     *
     * @throws org.springframework.core.io.buffer.DataBufferLimitException (in the Mono) when it exceeds {@code maxBytes}
     */
    public static Mono<CachedBody> read(ServerHttpRequest request, int maxBytes) {
        return DataBufferUtils.join(request.getBody(), maxBytes)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .map(bytes -> new CachedBody(replaying(request, bytes), bytes));
    }

    private static ServerHttpRequest replaying(ServerHttpRequest request, byte[] bytes) {
        return new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return bytes.length == 0 ? Flux.empty()
                        : Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(bytes)));
            }
        };
    }
}
