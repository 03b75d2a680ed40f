package dev.gleaner.core.artifact.web;

import java.util.UUID;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.gleaner.core.artifact.Artifacts;
import dev.gleaner.core.error.NotFoundException;
import dev.gleaner.core.identity.CallerPrincipal;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/artifacts/{id}}: a screenshot or PDF, to the tenant that owns it and no other tenant; and
 * {@code GET /admin/v1/artifacts/{id}} to operators.
 */
@RestController
public class ArtifactController {

    private final Artifacts artifacts;

    public ArtifactController(Artifacts artifacts) {
        this.artifacts = artifacts;
    }

    @GetMapping("/v1/artifacts/{id}")
    public Mono<ResponseEntity<Flux<DataBuffer>>> get(@PathVariable UUID id, ServerWebExchange exchange) {
        UUID tenant = CallerPrincipal.tenantOf(exchange);
        return serve(artifacts.find(id, tenant)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no artifact " + id + " for this tenant"))));
    }

    /** Any tenant's artifact, for operators (the console's screenshot previews). */
    @GetMapping("/admin/v1/artifacts/{id}")
    public Mono<ResponseEntity<Flux<DataBuffer>>> getForOperators(@PathVariable UUID id, ServerWebExchange exchange) {
        CallerPrincipal.require(exchange, CallerPrincipal.Admin.class);
        return serve(artifacts.find(id, null)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no artifact " + id))));
    }

    private Mono<ResponseEntity<Flux<DataBuffer>>> serve(Mono<Artifacts.Stored> found) {
        return found.map(stored -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType(stored.contentType()))
                        .contentLength(stored.bytes())
                        .cacheControl(CacheControl.noStore().cachePrivate())
                        .body(artifacts.store().read(stored.id())));
    }
}
