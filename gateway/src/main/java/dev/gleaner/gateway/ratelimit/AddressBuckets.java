package dev.gleaner.gateway.ratelimit;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

/**
 * An allowance per client address, in this gateway instance (Bucket4j buckets in memory). Two use it:
 * failed authentications (only failures draw from it; once an address has used it up, its requests
 * are refused with 429 before any token look-up, so a flood of made-up tokens never reaches core-api)
 * and admin API requests (each draws from it).
 */
public final class AddressBuckets {

    private final Cache<String, Bucket> byAddress = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();
    private final int perSecond;
    private final int burst;

    public AddressBuckets(int perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Seconds until this address may try again; 0 when it may now. */
    public long blockedFor(String address) {
        Bucket bucket = byAddress.getIfPresent(address);
        if (bucket == null || bucket.getAvailableTokens() > 0) {
            return 0;
        }
        return Math.max(1, (bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    }

    /** Draws one from this address's allowance. */
    public void take(String address) {
        byAddress.get(address, a -> Bucket.builder().addLimit(Bandwidth.builder().capacity(burst)
                .refillGreedy(perSecond, Duration.ofSeconds(1)).build()).build()).tryConsume(1);
    }
}
