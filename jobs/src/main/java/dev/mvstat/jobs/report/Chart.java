package dev.mvstat.jobs.report;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * One figure of a report: an ECharts option per view, drawn in the browser by the page's inlined
 * runtime, and its height in pixels (its width is the page's). With several views the page offers
 * a button per view, such as a heatmap in input or clustered order.
 */
public record Chart(int height, List<View> views) {

    /** @param name the view's button label */
    public record View(String name, ObjectNode option) {}

    public Chart {
        views = List.copyOf(views);
    }

    /** A chart of a single view. */
    static Chart of(ObjectNode option, int height) {
        return new Chart(height, List.of(new View("", option)));
    }
}
