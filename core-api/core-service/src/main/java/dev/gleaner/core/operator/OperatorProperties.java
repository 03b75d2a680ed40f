package dev.gleaner.core.operator;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The console's operators, as core-api keeps them.
 *
 * @param firstAdmin         the name of the admin created when there is no operator yet
 * @param firstAdminPassword that admin's password (at least 12 characters; blank: no one is created); hashed, never logged
 * @param maxFailures        failed sign-ins of one name, or from one address, before sign-ins are refused for a while
 * @param lockout            how long they are refused (counted from the first failure of the series)
 * @param cacheTtl           how long an instance trusts the role it read for an operator (a change takes this long)
 */
@Validated
@ConfigurationProperties("gleaner.core.operators")
public record OperatorProperties(
        @DefaultValue("admin") String firstAdmin,
        @DefaultValue("") String firstAdminPassword,
        @Min(1) @DefaultValue("5") int maxFailures,
        @NotNull @DefaultValue("15m") Duration lockout,
        @NotNull @DefaultValue("1s") Duration cacheTtl) {

    @Override
    public String toString() {
        return "OperatorProperties[firstAdmin=" + firstAdmin + ", maxFailures=" + maxFailures + ", lockout=" + lockout
                + "]";
    }
}
