package dev.gleaner.core.client.job;

/**
 * Why a job (or its last attempt) did not succeed, typed as a synchronous scrape's problem would be.
 *
 * @param type    the problem type a synchronous scrape would have answered, e.g. {@code urn:gleaner:problem:page-timed-out}
 * @param title   its short title
 * @param detail  what happened
 * @param outcome the render outcome or failure kind, e.g. {@code TIMEOUT}, {@code TARGET_REFUSED}, {@code LOST}
 */
public record JobError(String type, String title, String detail, String outcome) {
}
