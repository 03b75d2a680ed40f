package dev.gleaner.bench;

/**
 * One way of rendering the benchmark page. Each load thread gets its own {@link Renderer}, since
 * Playwright objects belong to the thread that made them.
 */
interface Scenario extends AutoCloseable {

    String name();

    Renderer newRenderer();

    @Override
    default void close() {
    }

    /** Renders the page once and returns its HTML; throws when the render failed. */
    interface Renderer extends AutoCloseable {

        String render();

        @Override
        default void close() {
        }
    }
}
