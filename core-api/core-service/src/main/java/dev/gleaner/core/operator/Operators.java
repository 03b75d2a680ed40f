package dev.gleaner.core.operator;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.gleaner.core.audit.AuditLog;
import dev.gleaner.core.client.admin.OperatorRequest;
import dev.gleaner.core.client.admin.OperatorView;
import dev.gleaner.core.error.ConflictException;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.InvalidInputException.FieldError;
import dev.gleaner.core.error.NotFoundException;
import dev.gleaner.core.error.UnauthenticatedException;
import dev.gleaner.core.identity.OperatorRoles;
import dev.gleaner.core.web.PageQuery;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The console's operators, in PostgreSQL with bcrypt password hashes: signing in, and managing them.
 * The first admin comes from configuration when there is none yet. Every change is audited; there is
 * always at least one admin left. An operator's role is cached for {@link OperatorProperties#cacheTtl()}
 * by each instance, so a change takes effect across the cluster within that.
 */
@Service
public class Operators implements ApplicationRunner, OperatorRoles {

    private static final Logger log = LoggerFactory.getLogger(Operators.class);
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9._@-]{1,64}");
    private static final int MIN_PASSWORD = 12;
    private static final int MAX_PASSWORD = 72; // bcrypt reads no further
    private static final String COLUMNS = "id, username, role, created_at, created_by, last_sign_in_at";
    /** Compared against when the name is unknown, so a wrong name takes as long as a wrong password. */
    private static final String DUMMY_HASH;

    static {
        DUMMY_HASH = new BCryptPasswordEncoder().encode("not anyone's password");
    }

    private final DatabaseClient db;
    private final AuditLog audit;
    private final TransactionalOperator tx;
    private final SignInThrottle throttle;
    private final OperatorProperties properties;
    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder();
    private final AsyncCache<String, Optional<String>> roles;

    public Operators(DatabaseClient db, AuditLog audit, TransactionalOperator tx, SignInThrottle throttle,
            OperatorProperties properties) {
        this.db = db;
        this.audit = audit;
        this.tx = tx;
        this.throttle = throttle;
        this.properties = properties;
        this.roles = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(properties.cacheTtl()).buildAsync();
    }

    /**
     * Creates the first admin from configuration when no operator exists yet (every instance may try at once). It runs
     * once at start-up on the main thread, which waits for it, so no sign-in is checked before it.
     */
    @Override
    public void run(ApplicationArguments args) {
        String password = properties.firstAdminPassword();
        if (password == null || password.isBlank()) {
            return;
        }
        String username = normalise(properties.firstAdmin());
        List<FieldError> errors = new ArrayList<>();
        checkUsername(errors, username);
        checkPassword(errors, password);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("GLEANER_ADMIN_USER/GLEANER_ADMIN_PASSWORD: " + errors);
        }
        Long made = hash(password).flatMap(hash -> db.sql("""
                        INSERT INTO operators (id, username, password_hash, role, created_by)
                        SELECT :id, :username, :hash, 'admin', 'configuration'
                        WHERE NOT EXISTS (SELECT 1 FROM operators)
                        ON CONFLICT (username) DO NOTHING""")
                        .bind("id", UUID.randomUUID()).bind("username", username).bind("hash", hash)
                        .fetch().rowsUpdated())
                .block(Duration.ofSeconds(30));
        if (made != null && made > 0) {
            log.info("created the first admin operator '{}' from configuration", username);
        }
    }

    /**
     * Checks a sign-in: the operator, or {@link UnauthenticatedException} for a wrong name or password (the same
     * for both), or a throttling refusal once there were too many failures.
     */
    public Mono<OperatorView> signIn(String usernameGiven, String password, String address) {
        String username = normalise(usernameGiven);
        if (username.isEmpty() || password == null || password.isEmpty()) {
            return Mono.error(InvalidInputException.of(username.isEmpty() ? "username" : "password", "is required"));
        }
        return throttle.check(username, address)
                .then(db.sql("SELECT password_hash FROM operators WHERE username = :username").bind("username", username)
                        .map(row -> row.get("password_hash", String.class)).one()
                        .map(Optional::of).defaultIfEmpty(Optional.empty()))
                .flatMap(hash -> matches(password, hash.orElse(DUMMY_HASH)).map(ok -> ok && hash.isPresent()))
                .flatMap(ok -> {
                    if (!ok) {
                        log.info("failed sign-in for operator '{}' from {}", username, address);
                        return throttle.failed(username, address).then(audit.record("anonymous",
                                        "operator.sign-in.failed", username, "from " + address))
                                .then(Mono.error(new UnauthenticatedException("wrong username or password")));
                    }
                    return throttle.succeeded(username)
                            .then(db.sql("UPDATE operators SET last_sign_in_at = now() WHERE username = :username"
                                            + " RETURNING " + COLUMNS)
                                    .bind("username", username).map(Operators::view).one())
                            .flatMap(operator -> audit.record("operator:" + username, "operator.sign-in", username,
                                    "from " + address).thenReturn(operator));
                });
    }

    /** The role of the named operator ({@code admin} or {@code viewer}), empty when there is no such operator. */
    @Override
    public Mono<Optional<String>> roleOf(String username) {
        return Mono.fromFuture(roles.get(username, (name, executor) -> db.sql(
                        "SELECT role FROM operators WHERE username = :username").bind("username", name)
                .map(row -> row.get("role", String.class)).one()
                .map(Optional::of).defaultIfEmpty(Optional.empty())
                .toFuture()));
    }

    /** One page of operators, {@code q} matching a part of the name, case aside; sorted by a column. */
    public Flux<OperatorView> page(PageQuery<String> page) {
        return db.sql("SELECT " + COLUMNS + " FROM operators WHERE (CAST(:q AS text) IS NULL"
                        + " OR username ILIKE '%' || :q || '%')" + page.orderAndPage(page.sort(), "id"))
                .bind("q", Parameter.fromOrEmpty(page.likeQ(), String.class))
                .bind("offset", page.offset()).bind("limit", page.limit())
                .map(Operators::view).all();
    }

    public Mono<OperatorView> create(OperatorRequest request, String actor) {
        String username = normalise(request == null ? null : request.username());
        List<FieldError> errors = new ArrayList<>();
        checkUsername(errors, username);
        checkPassword(errors, request == null ? null : request.password());
        checkRole(errors, request == null ? null : request.role(), true);
        if (!errors.isEmpty()) {
            return Mono.error(new InvalidInputException(errors));
        }
        return hash(request.password())
                .flatMap(hash -> db.sql("INSERT INTO operators (id, username, password_hash, role, created_by)"
                                + " VALUES (:id, :username, :hash, :role, :actor) ON CONFLICT (username) DO NOTHING"
                                + " RETURNING " + COLUMNS)
                        .bind("id", UUID.randomUUID()).bind("username", username).bind("hash", hash)
                        .bind("role", request.role()).bind("actor", actor)
                        .map(Operators::view).one())
                .switchIfEmpty(Mono.error(() -> new ConflictException("an operator named '" + username + "' already exists")))
                .flatMap(made -> audit.record(actor, "operator.create", made.username(), "role=" + made.role())
                        .thenReturn(made))
                .as(tx::transactional);
    }

    /** Changes an operator's role or password (a null one stays); the last admin cannot be made a viewer. */
    public Mono<OperatorView> update(UUID id, OperatorRequest request, String actor) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null || request.role() == null && request.password() == null) {
            errors.add(new FieldError("role", "a role or a password is required"));
        } else {
            if (request.username() != null) {
                errors.add(new FieldError("username", "cannot be changed: create another operator instead"));
            }
            checkRole(errors, request.role(), false);
            if (request.password() != null) {
                checkPassword(errors, request.password());
            }
        }
        if (!errors.isEmpty()) {
            return Mono.error(new InvalidInputException(errors));
        }
        Mono<Optional<String>> hash = request.password() == null ? Mono.just(Optional.empty())
                : hash(request.password()).map(Optional::of);
        return lockAdmins().then(find(id)).flatMap(before -> hash.flatMap(h -> {
                    if (before.canChange() && OperatorView.VIEWER.equals(request.role())) {
                        return lastAdminCheck(before).then(write(id, request.role(), h.orElse(null)));
                    }
                    return write(id, request.role(), h.orElse(null));
                })
                .flatMap(after -> audit.record(actor, "operator.update", after.username(),
                        "role " + before.role() + " -> " + after.role()
                                + (request.password() == null ? "" : ", password changed"))
                        .thenReturn(after)))
                .as(tx::transactional)
                .doOnSuccess(changed -> roles.synchronous().invalidateAll());
    }

    /** Removes an operator (not the last admin). */
    public Mono<OperatorView> delete(UUID id, String actor) {
        return lockAdmins().then(find(id))
                .flatMap(before -> (before.canChange() ? lastAdminCheck(before) : Mono.<Void>empty())
                        .then(db.sql("DELETE FROM operators WHERE id = :id").bind("id", id).fetch().rowsUpdated())
                        .then(audit.record(actor, "operator.delete", before.username(), "role=" + before.role()))
                        .thenReturn(before))
                .as(tx::transactional)
                .doOnSuccess(removed -> roles.synchronous().invalidateAll());
    }

    /** Two admins demoting each other at once must not leave none: changes to admins are made one at a time. */
    private Mono<Void> lockAdmins() {
        return db.sql("SELECT pg_advisory_xact_lock(hashtext('gleaner.operators'))").fetch().rowsUpdated().then();
    }

    private Mono<Void> lastAdminCheck(OperatorView admin) {
        return db.sql("SELECT count(*) AS admins FROM operators WHERE role = 'admin'")
                .map(row -> row.get("admins", Long.class)).one()
                .flatMap(admins -> admins <= 1
                        ? Mono.error(new ConflictException("'" + admin.username() + "' is the last admin; make another"
                                + " operator an admin first"))
                        : Mono.empty());
    }

    private Mono<OperatorView> write(UUID id, String role, String hash) {
        return db.sql("UPDATE operators SET role = COALESCE(:role, role), password_hash = COALESCE(:hash, password_hash)"
                        + " WHERE id = :id RETURNING " + COLUMNS)
                .bind("id", id)
                .bind("role", Parameter.fromOrEmpty(role, String.class))
                .bind("hash", Parameter.fromOrEmpty(hash, String.class))
                .map(Operators::view).one();
    }

    private Mono<OperatorView> find(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM operators WHERE id = :id").bind("id", id).map(Operators::view).one()
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no operator " + id)));
    }

    /** bcrypt is slow on purpose: off the event loop. */
    private Mono<String> hash(String password) {
        return Mono.fromCallable(() -> encoder.encode(password)).subscribeOn(Schedulers.boundedElastic());
    }

    private Mono<Boolean> matches(String password, String hash) {
        return Mono.fromCallable(() -> encoder.matches(password, hash)).subscribeOn(Schedulers.boundedElastic());
    }

    static String normalise(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    private static void checkUsername(List<FieldError> errors, String username) {
        if (!USERNAME.matcher(username).matches()) {
            errors.add(new FieldError("username", "must be 1–64 of a-z, 0-9, '.', '_', '@' and '-'"));
        }
    }

    private static void checkPassword(List<FieldError> errors, String password) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            errors.add(new FieldError("password", "must be " + MIN_PASSWORD + "–" + MAX_PASSWORD + " characters"));
        }
    }

    private static void checkRole(List<FieldError> errors, String role, boolean required) {
        if (role == null ? required : !role.equals(OperatorView.ADMIN) && !role.equals(OperatorView.VIEWER)) {
            errors.add(new FieldError("role", "must be 'admin' or 'viewer'"));
        }
    }

    private static OperatorView view(Readable row) {
        OffsetDateTime last = row.get("last_sign_in_at", OffsetDateTime.class);
        return new OperatorView(row.get("id", UUID.class), row.get("username", String.class),
                row.get("role", String.class), row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("created_by", String.class), last == null ? null : last.toInstant());
    }
}
