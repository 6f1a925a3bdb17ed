package dev.mvstat.jobs.fit;

import dev.mvstat.gaussian.TraceStep;

import java.util.List;

/** trace.csv of the likelihood fits: one line per optimizer step. */
final class TraceCsv {

    private TraceCsv() {}

    /** @return the trace as CSV; full_nll empty where the full data was not evaluated */
    static String of(List<TraceStep> trace) {
        StringBuilder s = new StringBuilder("step,epoch,batch_nll,full_nll,gradient_norm,learning_rate,event\n");
        for (TraceStep t : trace) {
            s.append(t.step())
                    .append(',')
                    .append(t.epoch())
                    .append(',')
                    .append(cell(t.batchNll()))
                    .append(',')
                    .append(cell(t.fullNll()))
                    .append(',')
                    .append(cell(t.gradientNorm()))
                    .append(',')
                    .append(cell(t.learningRate()))
                    .append(',');
            if (!t.event().isEmpty()) {
                s.append('"').append(t.event().replace("\"", "\"\"")).append('"');
            }
            s.append('\n');
        }
        return s.toString();
    }

    private static String cell(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }
}
