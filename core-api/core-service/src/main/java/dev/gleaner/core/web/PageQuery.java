package dev.gleaner.core.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.util.MultiValueMap;

import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.InvalidInputException.FieldError;

/**
 * What an offset-paged admin listing is asked for: {@code q} (a part of a name; null when absent or blank),
 * {@code sort} (one of the listing's orders), {@code order} ({@code asc}, the default, or {@code desc}),
 * {@code offset} from 0 and {@code limit} 1–500 (100). Read strictly: a parameter the listing does not know, or a
 * bad value, is refused by name, every fault at once.
 *
 * @param <S> how the listing may be ordered
 */
public record PageQuery<S>(String q, S sort, boolean descending, long offset, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;
    private static final Set<String> PARAMETERS = Set.of("q", "sort", "order", "offset", "limit");

    /**
     * Reads a listing's query. {@code sorts} names its orders ({@code defaultSort} when {@code sort} is absent);
     * {@code others} are the listing's own further parameters, which the caller reads, adding its faults to
     * {@code errors} before {@link #orThrow}.
     */
    public static <S> PageQuery<S> read(MultiValueMap<String, String> query, Map<String, S> sorts, String defaultSort,
            Set<String> others, List<FieldError> errors) {
        Set<String> known = new HashSet<>(PARAMETERS);
        known.addAll(others);
        QueryParameters.onlyKnown(query, known);
        String sortName = query.getFirst("sort") == null ? defaultSort : query.getFirst("sort");
        S sort = sorts.get(sortName);
        if (sort == null) {
            errors.add(new FieldError("sort", "must be one of " + String.join(", ", new TreeSet<>(sorts.keySet()))));
        }
        String direction = query.getFirst("order");
        if (direction != null && !direction.equals("asc") && !direction.equals("desc")) {
            errors.add(new FieldError("order", "must be 'asc' or 'desc'"));
        }
        Integer offset = QueryParameters.integer(query, "offset");
        if (offset != null && offset < 0) {
            errors.add(new FieldError("offset", "must be 0 or more"));
        }
        int limit = QueryParameters.limit(query, DEFAULT_LIMIT, MAX_LIMIT, errors);
        String q = query.getFirst("q");
        return new PageQuery<>(q == null || q.isBlank() ? null : q.strip(), sort, "desc".equals(direction),
                offset == null ? 0 : offset, limit);
    }

    /** A listing's query without parameters of its own, refused at once when faulty. */
    public static <S> PageQuery<S> read(MultiValueMap<String, String> query, Map<String, S> sorts, String defaultSort) {
        List<FieldError> errors = new ArrayList<>();
        return read(query, sorts, defaultSort, Set.of(), errors).orThrow(errors);
    }

    /** This query, or the faults found reading it. */
    public PageQuery<S> orThrow(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return this;
    }

    /** {@code q} as a LIKE pattern's middle (its wildcards escaped), or null; bind it as {@code '%' || :q || '%'}. */
    public String likeQ() {
        return like(q);
    }

    /** {@code text} with LIKE's wildcards escaped, or null. */
    public static String like(String text) {
        return text == null ? null : text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /**
     * The SQL tail ordering by {@code column} (then {@code tieBreak}, so that pages do not overlap) and cutting the
     * page: bind {@code :offset} and {@code :limit}.
     */
    public String orderAndPage(String column, String tieBreak) {
        String direction = descending ? " DESC" : " ASC";
        return " ORDER BY " + column + direction + ", " + tieBreak + direction + " OFFSET :offset LIMIT :limit";
    }
}
