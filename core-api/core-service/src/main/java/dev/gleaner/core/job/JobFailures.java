package dev.gleaner.core.job;

import java.util.Locale;

import dev.gleaner.core.client.job.JobError;
import dev.gleaner.core.client.scrape.ScrapeResponse;
import dev.gleaner.core.error.CapacityException;
import dev.gleaner.core.error.DependencyUnavailableException;
import dev.gleaner.core.error.DomainWait;
import dev.gleaner.core.error.TenantSuspendedException;
import dev.gleaner.core.error.GleanerException;
import dev.gleaner.core.error.RenderFailedException;
import dev.gleaner.core.error.TargetRefusedException;

/** What an attempt's typed failure means for its job. */
final class JobFailures {

    /** The verdict on one failed attempt. */
    enum Verdict {
        /** Another attempt may succeed (the farm was busy, a node or browser died, a dependency was down). */
        RETRY,
        /** The target was refused: the job ends {@code blocked}. */
        BLOCKED,
        /** Trying again would give the same answer: the job ends {@code failed}. */
        FAILED,
        /**
         * The domain gate holds it back (paused, rate, breaker), or its tenant is suspended: the job waits, queued,
         * without using up an attempt.
         */
        WAIT
    }

    private JobFailures() {
    }

    static JobError of(GleanerException e, String outcome) {
        return new JobError(e.type(), e.title(), e.getMessage(), outcome);
    }

    /** Why a job whose page was a block or CAPTCHA page ended {@code blocked}. */
    static JobError blockPage(ScrapeResponse response) {
        return new JobError(GleanerException.TYPE_PREFIX + "page-blocked", "Page blocked",
                "the page answered is a " + response.outcome() + " page (" + response.blockedBy()
                        + "), not its content; the content is in the result", response.outcome().toUpperCase(Locale.ROOT));
    }

    /** Why a job whose page was fetched but whose extraction by the model failed ended {@code failed}. */
    static JobError extraction(ScrapeResponse response) {
        return new JobError(response.extractionError().type(), response.extractionError().title(),
                response.extractionError().detail() + "; the page and the model's answer are in the result",
                "EXTRACTION_FAILED");
    }

    static Verdict verdict(GleanerException e) {
        if (e instanceof DomainWait || e instanceof TenantSuspendedException) {
            return Verdict.WAIT;
        }
        return switch (e) {
            case CapacityException c -> Verdict.RETRY;
            case DependencyUnavailableException d -> Verdict.RETRY;
            case TargetRefusedException t -> Verdict.BLOCKED;
            case RenderFailedException r -> switch (r.outcome()) {
                case TARGET_REFUSED -> Verdict.BLOCKED;
                case INVALID_REQUEST, ACTION_FAILED -> Verdict.FAILED;
                default -> Verdict.RETRY;
            };
            default -> Verdict.FAILED;
        };
    }
}
