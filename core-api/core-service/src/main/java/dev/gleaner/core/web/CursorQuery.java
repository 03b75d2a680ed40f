package dev.gleaner.core.web;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.util.MultiValueMap;

import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.InvalidInputException.FieldError;
import dev.gleaner.core.job.JobRepository;

/**
 * What a cursor-paged admin listing (jobs, crawls, batches: newest first by creation) is asked for: {@code cursor}
 * (a page's {@code next}) and {@code limit} 1–500 (50), read strictly like {@link PageQuery}: a parameter the listing
 * does not know is refused by name, and the listing's own faults, collected in {@code errors}, are refused at once
 * with these by {@link #orThrow}.
 */
public record CursorQuery(String cursor, int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public static CursorQuery read(MultiValueMap<String, String> query, Set<String> others, List<FieldError> errors) {
        Set<String> known = new HashSet<>(others);
        known.add("cursor");
        known.add("limit");
        QueryParameters.onlyKnown(query, known);
        return new CursorQuery(query.getFirst("cursor"), QueryParameters.limit(query, DEFAULT_LIMIT, MAX_LIMIT, errors));
    }

    /** This query, or every fault found reading the listing's parameters. */
    public CursorQuery orThrow(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return this;
    }

    /** Where the page starts: after the last row of the page before; null for the first page (a bad cursor is 400). */
    public JobRepository.Position after() {
        return cursor == null ? null : JobRepository.Position.of(cursor);
    }
}
