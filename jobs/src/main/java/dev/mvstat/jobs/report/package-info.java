/**
 * {@code report.html}: the self-contained page ({@link dev.mvstat.jobs.report.HtmlReport}), its
 * SVG plots and each job's report.
 */
package dev.mvstat.jobs.report;
