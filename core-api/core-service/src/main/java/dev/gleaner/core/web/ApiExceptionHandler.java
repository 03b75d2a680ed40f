package dev.gleaner.core.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerErrorException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

import dev.gleaner.core.error.ActionFailedException;
import dev.gleaner.core.error.CapacityException;
import dev.gleaner.core.error.ConflictException;
import dev.gleaner.core.error.DependencyUnavailableException;
import dev.gleaner.core.error.ForbiddenException;
import dev.gleaner.core.error.CircuitOpenException;
import dev.gleaner.core.error.DomainPausedException;
import dev.gleaner.core.error.DomainThrottledException;
import dev.gleaner.core.error.DomainWait;
import dev.gleaner.core.error.QuotaExceededException;
import dev.gleaner.core.error.TenantSuspendedException;
import dev.gleaner.core.error.GleanerException;
import dev.gleaner.core.error.IdempotencyMismatchException;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.NotFoundException;
import dev.gleaner.core.error.RenderFailedException;
import dev.gleaner.core.error.TargetRefusedException;
import dev.gleaner.core.error.SignInThrottledException;
import dev.gleaner.core.error.UnauthenticatedException;
import dev.gleaner.farm.client.render.RenderOutcome;
import dev.gleaner.web.Failures;
import dev.gleaner.web.Problems;

/** The one place where expected failures become HTTP statuses and RFC 9457 problem documents. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    private static final Duration DATABASE_RETRY_AFTER = Duration.ofSeconds(5);

    @ExceptionHandler(GleanerException.class)
    public ResponseEntity<ProblemDetail> handle(GleanerException e, ServerWebExchange exchange) {
        HttpStatus status = statusOf(e);
        ProblemDetail problem = Problems.problem(status, e.title(), e.getMessage(), exchange);
        problem.setType(URI.create(e.type()));
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (e instanceof InvalidInputException invalid) {
            problem.setProperty("errors", invalid.errors().stream()
                    .map(f -> Map.of("field", f.field(), "message", f.message())).toList());
        }
        if (e instanceof CapacityException capacity) {
            response.header(HttpHeaders.RETRY_AFTER, capacity.kind() == CapacityException.Kind.TENANT_AT_CAP ? "1" : "2");
        }
        if (e instanceof DependencyUnavailableException unavailable) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, unavailable.retryAfter().toSeconds())));
        }
        if (e instanceof ActionFailedException failed) {
            problem.setProperty("failedAction", failed.index());
            problem.setProperty("actions", failed.actions().stream().map(a -> a.ok()
                    ? Map.of("type", a.type(), "ok", true) : Map.of("type", a.type(), "ok", false, "error", a.error()))
                    .toList());
        }
        if (e instanceof DomainWait wait) {
            problem.setProperty("domain", wait.domain());
            if (wait.retryAfter() != null) {
                response.header(HttpHeaders.RETRY_AFTER,
                        Long.toString(Math.max(1, (wait.retryAfter().toMillis() + 999) / 1000)));
            }
        }
        if (e instanceof DomainPausedException paused) {
            problem.setProperty("reason", paused.reason());
            problem.setProperty("until", paused.until() == null ? null : paused.until().toString());
        }
        if (e instanceof QuotaExceededException quota) {
            problem.setProperty("allowance", quota.allowance());
            problem.setProperty("limit", quota.limit());
            problem.setProperty("used", quota.used());
            problem.setProperty("resetsAt", quota.resetsAt().toString());
            long seconds = Duration.between(java.time.Instant.now(), quota.resetsAt()).toSeconds();
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, seconds)));
        }
        if (e instanceof SignInThrottledException throttled) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, throttled.retryAfter().toSeconds())));
        }
        if (e instanceof RenderFailedException failed) {
            problem.setProperty("outcome", failed.outcome().name());
        }
        return response.body(problem);
    }

    @ExceptionHandler(ServerWebInputException.class)
    public ResponseEntity<ProblemDetail> malformed(ServerWebInputException e, ServerWebExchange exchange) {
        return handle(new InvalidInputException(List.of(BodyErrors.describe(e))), exchange);
    }

    /**
     * A path variable that decodes to nothing (e.g. {@code /v1/jobs/%20}) reaches no handler: Spring calls that a
     * server error; it is the client's, a 400 naming the variable.
     */
    @ExceptionHandler(ServerErrorException.class)
    public ResponseEntity<ProblemDetail> serverError(ServerErrorException e, ServerWebExchange exchange) {
        MethodParameter parameter = e.getMethodParameter();
        if (parameter != null && parameter.hasParameterAnnotation(PathVariable.class)) {
            String name = parameter.getParameterName() == null ? "path" : parameter.getParameterName();
            return handle(InvalidInputException.of(name, "is missing or blank in the path"), exchange);
        }
        return unexpected(e, exchange);
    }

    /**
     * Anything untyped: PostgreSQL unreachable (or its pool exhausted) becomes 503 with Retry-After, as
     * the failure policy says; everything else a 500 problem that names no internals.
     */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception e, ServerWebExchange exchange) {
        if (DatabaseFailures.isUnavailable(e)) {
            log.warn("PostgreSQL unavailable: {}", e.toString());
            return handle(new DependencyUnavailableException("postgresql",
                    "the database cannot be reached right now; nothing was changed, retry shortly", DATABASE_RETRY_AFTER),
                    exchange);
        }
        if (e instanceof ResponseStatusException status) {
            throw status;
        }
        log.error("unexpected failure on {}", exchange.getRequest().getPath(), e);
        ProblemDetail problem = Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "the request failed unexpectedly; it is logged under the request id", exchange);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(problem);
    }

    private static HttpStatus statusOf(GleanerException e) {
        return switch (e) {
            case InvalidInputException i -> HttpStatus.BAD_REQUEST;
            case NotFoundException n -> HttpStatus.NOT_FOUND;
            case UnauthenticatedException u -> HttpStatus.UNAUTHORIZED;
            case DependencyUnavailableException d -> HttpStatus.SERVICE_UNAVAILABLE;
            case ConflictException c -> HttpStatus.CONFLICT;
            case DomainPausedException p -> HttpStatus.CONFLICT;
            case DomainThrottledException t -> HttpStatus.TOO_MANY_REQUESTS;
            case CircuitOpenException c -> HttpStatus.SERVICE_UNAVAILABLE;
            case QuotaExceededException q -> HttpStatus.TOO_MANY_REQUESTS;
            case TenantSuspendedException t -> HttpStatus.FORBIDDEN;
            case ForbiddenException f -> HttpStatus.FORBIDDEN;
            case SignInThrottledException s -> HttpStatus.TOO_MANY_REQUESTS;
            case TargetRefusedException t -> HttpStatus.UNPROCESSABLE_CONTENT;
            case ActionFailedException a -> HttpStatus.UNPROCESSABLE_CONTENT;
            case IdempotencyMismatchException i -> HttpStatus.UNPROCESSABLE_CONTENT;
            case CapacityException c -> c.kind() == CapacityException.Kind.TENANT_AT_CAP
                    ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.SERVICE_UNAVAILABLE;
            case RenderFailedException r -> r.outcome() == RenderOutcome.TIMEOUT ? HttpStatus.GATEWAY_TIMEOUT
                    : r.outcome() == RenderOutcome.NAVIGATION_FAILED ? HttpStatus.BAD_GATEWAY
                    : r.outcome() == RenderOutcome.INVALID_REQUEST ? HttpStatus.UNPROCESSABLE_CONTENT
                    : HttpStatus.SERVICE_UNAVAILABLE;
        };
    }
}
