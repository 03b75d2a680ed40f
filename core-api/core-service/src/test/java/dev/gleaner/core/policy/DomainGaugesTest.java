package dev.gleaner.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.gleaner.core.client.policy.DomainView;

/** The per-domain 429 share the alert watches: the busiest domains only, and only with enough requests to say. */
class DomainGaugesTest {

    private static DomainView seen(String domain, long requests, long throttled) {
        return new DomainView(domain, 1, 1, 1, 0, "closed", null, null,
                new DomainView.Recent(requests, throttled, 0, 0, 0, requests), List.of(), null, Instant.now());
    }

    @Test
    void theBusiestDomainsWithEnoughRequestsGetTheirShareBusiestFirst() {
        List<DomainView> views = new ArrayList<>(List.of(seen("quiet.example", 19, 19), seen("slow.example", 200, 10),
                seen("busy.example", 400, 4)));
        for (int i = 0; i < 30; i++) {
            views.add(seen("d" + i + ".example", 100 + i, 0));
        }
        var ratios = DomainGauges.throttleRatios(views);
        assertThat(ratios).hasSize(DomainGauges.RATIO_DOMAINS).doesNotContainKey("quiet.example");
        assertThat(ratios.keySet()).startsWith("busy.example", "slow.example");
        assertThat(ratios.get("slow.example")).isEqualTo(0.05);
        assertThat(ratios.get("busy.example")).isEqualTo(0.01);
    }
}
