/**
 * {@code report.html}: the self-contained page ({@link dev.mvstat.jobs.report.HtmlReport}), its
 * charts (ECharts options built by {@link dev.mvstat.jobs.report.Echarts}: lines, histogram,
 * heatmaps, dendrogram, scatter-plot matrix), and the covariance job's report. Depends on {@code input} only; the
 * reports of the other jobs live beside them in {@code stats}.
 */
package dev.mvstat.jobs.report;
