package dev.gleaner.core.artifact;

import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

import dev.gleaner.core.client.scrape.ArtifactRef;
import dev.gleaner.farm.client.render.Artifact;
import reactor.core.publisher.Mono;

/**
 * Stores a render's binary results and answers who may read them: the bytes go to the
 * {@link ArtifactStore}, then a row names the owning tenant (so a row never points at nothing).
 */
@Service
public class Artifacts {

    /** The most a response carries inline as base64, per artifact. */
    public static final int MAX_INLINE_BYTES = 5 * 1024 * 1024;

    /** An artifact's row. */
    public record Stored(UUID id, UUID tenantId, String contentType, int bytes) {
    }

    private final ArtifactStore store;
    private final DatabaseClient db;

    public Artifacts(ArtifactStore store, DatabaseClient db) {
        this.store = store;
        this.db = db;
    }

    /**
     * @param inline whether the answer carries the bytes too (when they are at most {@link #MAX_INLINE_BYTES})
     */
    public Mono<ArtifactRef> save(UUID tenantId, UUID scrapeId, Artifact artifact, boolean inline) {
        UUID id = UUID.randomUUID();
        byte[] data = artifact.data();
        return store.write(id, data)
                .then(db.sql("""
                                INSERT INTO artifacts (id, tenant_id, scrape_id, name, content_type, bytes)
                                VALUES (:id, :tenant, :scrape, :name, :type, :bytes)""")
                        .bind("id", id).bind("tenant", tenantId).bind("scrape", scrapeId).bind("name", artifact.name())
                        .bind("type", artifact.contentType()).bind("bytes", data.length)
                        .then())
                .onErrorResume(e -> store.delete(id).onErrorResume(ignored -> Mono.empty()).then(Mono.error(e)))
                .thenReturn(new ArtifactRef(url(id), artifact.contentType(), data.length,
                        inline && data.length <= MAX_INLINE_BYTES ? Base64.getEncoder().encodeToString(data) : null));
    }

    /**
     * The artifact when this tenant owns it (any tenant's for a null tenant: operators); empty otherwise (another
     * tenant's looks like none).
     */
    public Mono<Stored> find(UUID id, UUID tenantId) {
        return db.sql("SELECT id, tenant_id, content_type, bytes FROM artifacts WHERE id = :id"
                        + (tenantId == null ? "" : " AND tenant_id = :tenant"))
                .bind("id", id)
                .bindValues(tenantId == null ? Map.of() : Map.of("tenant", tenantId))
                .map(row -> new Stored(row.get("id", UUID.class), row.get("tenant_id", UUID.class),
                        row.get("content_type", String.class), row.get("bytes", Integer.class)))
                .one();
    }

    public ArtifactStore store() {
        return store;
    }

    public static String url(UUID id) {
        return "/v1/artifacts/" + id;
    }
}
