package dev.gleaner.core.config;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long results are kept.
 *
 * @param defaultDays   a tenant's results (ended jobs and batches, cached answers) and artifacts are purged this many
 *                      days after they were made, unless the tenant has its own retention
 * @param purgeInterval how often each instance purges what is past its retention
 * @param auditDays     how long audit log entries are kept
 */
@Validated
@ConfigurationProperties("gleaner.core.retention")
public record RetentionProperties(
        @Min(1) @Max(3650) @DefaultValue("7") int defaultDays,
        @NotNull @DefaultValue("1h") Duration purgeInterval,
        @Min(1) @Max(36500) @DefaultValue("365") int auditDays) {
}
