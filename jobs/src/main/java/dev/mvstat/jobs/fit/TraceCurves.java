package dev.mvstat.jobs.fit;

import dev.mvstat.gaussian.TraceStep;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** The fit reports' convergence curves: a mean NLL of a fit's trace against step, where all rows were evaluated. */
final class TraceCurves {

    private TraceCurves() {}

    /** @return {step, mean NLL of all rows - offset} */
    static List<double[]> all(List<TraceStep> trace, double offset) {
        return evaluated(trace, TraceStep::fullNll, offset);
    }

    /** @return {step, group g's mean NLL of its own rows - offset}: for a mixture, start g's */
    static List<double[]> group(List<TraceStep> trace, int g, double offset) {
        return evaluated(
                trace, t -> t.groupNlls().isEmpty() ? Double.NaN : t.groupNlls().get(g), offset);
    }

    /** @return {step, nll - offset} at the steps where {@code nll} was evaluated */
    private static List<double[]> evaluated(List<TraceStep> trace, ToDoubleFunction<TraceStep> nll, double offset) {
        return trace.stream()
                .filter(t -> Double.isFinite(nll.applyAsDouble(t)))
                .map(t -> new double[] {t.step(), nll.applyAsDouble(t) - offset})
                .toList();
    }
}
