package dev.mvstat.gaussian;

import dev.mvstat.optimize.Optimizer;
import dev.mvstat.optimize.OptimizerKind;

import java.util.ArrayList;
import java.util.List;

/**
 * Mini-batch optimization of a {@link BatchObjective}: each step evaluates one batch at every
 * group's current parameters (one pass over the batch's rows for all groups) and lets each group's
 * optimizer, preconditioned by the objective's Fisher information, update its parameters.
 *
 * <p><b>Batches and schedule.</b> An epoch reads every row once, as {@code blocks} batches of
 * shuffled rows. The batch doubles after every epoch until it is all rows (Friedlander and
 * Schmidt, "Hybrid deterministic-stochastic methods for data fitting", SIAM J. Sci. Comput. 34,
 * 2012: growing batches keep the cheap early progress of mini-batches and converge like full-batch
 * descent), so the fit ends at the exact answer rather than in a noise ball. Whenever the loss of
 * all rows is above the lowest seen so far (at a full-batch step, or at the end of a partial-batch
 * epoch) the group goes back to the point with that lowest loss and restarts the momentum
 * (O'Donoghue and Candès 2015); the learning rate halves too when the rise came over a
 * partial-batch epoch or from the first, momentum-free step after a restart, which only a rate too
 * large for the curvature explains. A mini-batch step whose loss is not finite is undone and
 * retaken with half the learning rate. The trace says so each time. L-BFGS always uses all rows
 * and keeps its own line search; the {@code natural} optimizer takes the objective's closed-form
 * natural step instead of the gradient.
 *
 * <p><b>Stopping.</b> A group has converged when its {@link BatchLoss#stationarity()} over all its
 * rows is at most the tolerance (evaluated on every full batch, and at the end of every
 * partial-batch epoch). The fit stops when all groups have, when L-BFGS can decrease a loss no
 * further, or after the epoch budget.
 */
public final class BatchSchedule {

    private final BatchObjective objective;
    private final FitSettings settings;
    private final int blocks;
    private final List<String> labels;
    private final GroupState[] groups;
    private final List<TraceStep> trace = new ArrayList<>();
    private final boolean natural;
    private int step;

    /**
     * The outcome of a fit.
     *
     * @param best       per group, the parameters with the lowest loss of all rows seen
     * @param iterations per group, the optimizer's accepted steps
     * @param converged  per group, whether it met the tolerance
     * @param trace      every step
     * @param epochs     passes over the data the optimizer took
     */
    public record Result(
            List<double[]> best, List<Integer> iterations, List<Boolean> converged, List<TraceStep> trace, int epochs) {

        /** Whether every group converged. */
        public boolean allConverged() {
            return !converged.contains(false);
        }
    }

    private BatchSchedule(BatchObjective objective, FitSettings settings, int blocks, List<String> labels) {
        this.objective = objective;
        this.settings = settings;
        this.blocks = blocks;
        this.labels = labels;
        this.natural = settings.optimizer() == OptimizerKind.NATURAL;
        this.groups = new GroupState[objective.groups()];
        for (int g = 0; g < groups.length; g++) {
            groups[g] = new GroupState(settings.optimizer()
                    .create(objective.start(g), settings.learningRate(), objective.preconditioner(g)));
        }
    }

    /**
     * Minimizes every group's loss.
     *
     * @param rows   the data's rows, all groups together
     * @param labels per group, the prefix of its trace events ("group setosa: "), or empty strings
     */
    public static Result run(BatchObjective objective, FitSettings settings, long rows, List<String> labels) {
        long batch = settings.rowsPerBatch(rows);
        int blocks = (int) Math.min(Integer.MAX_VALUE, (rows + batch - 1) / batch);
        return new BatchSchedule(objective, settings, blocks, labels).run();
    }

    private Result run() {
        int span = 1;
        int epoch = 0;
        if (blocks > 1) {
            evaluateStart();
        }
        while (epoch < settings.maxEpochs() && running()) {
            epoch++;
            for (int first = 0; first < blocks && running(); first += span) {
                step(epoch, first, Math.min(span, blocks - first));
            }
            if (span < blocks && running()) {
                evaluateAll(epoch);
                span = Math.min(2 * span, blocks);
            }
        }
        List<double[]> best = new ArrayList<>();
        List<Integer> iterations = new ArrayList<>();
        List<Boolean> converged = new ArrayList<>();
        for (GroupState s : groups) {
            best.add(s.best);
            iterations.add(s.iterations);
            converged.add(s.converged);
        }
        return new Result(best, iterations, converged, trace, epoch);
    }

    /** One step on a batch. */
    private void step(int epoch, int first, int span) {
        boolean full = span == blocks;
        double[][] points = points();
        BatchLoss[] batch = objective.evaluate(blocks, first, span, evaluable(points));
        List<String> events = new ArrayList<>();
        double rate = Double.POSITIVE_INFINITY;
        for (int g = 0; g < groups.length; g++) {
            GroupState s = groups[g];
            if (s.converged || s.stalled || batch[g].weight() == 0) {
                continue;
            }
            double loss = objective.evaluable(g, points[g]) ? batch[g].meanLoss() : Double.NaN;
            double[] gradient = told(batch[g]);
            double[] at = points[g];
            rate = Math.min(rate, s.optimizer.learningRate());
            if (full && Double.isFinite(loss) && batch[g].stationarity() <= settings.tolerance()) {
                s.converged = true;
                s.best = at;
                events.add(labels.get(g) + "converged");
                continue;
            }
            if (full && settings.optimizer().miniBatch() && s.rose(loss)) {
                events.add(labels.get(g) + s.restart(s.freshStart, "NLL of all rows rose"));
                continue;
            }
            switch (s.optimizer.tell(loss, gradient)) {
                case ACCEPTED -> {
                    s.iterations++;
                    if (full) {
                        s.improve(at, loss, gradient);
                    }
                }
                case REJECTED -> events.add(labels.get(g) + "NLL not finite: step undone, learning rate halved");
                case BACKTRACKED -> events.add(labels.get(g) + "line search: step shortened");
                case STALLED -> {
                    s.stalled = true;
                    events.add(labels.get(g) + "line search: no further decrease");
                }
            }
        }
        step++;
        double loss = meanReportedLoss(batch);
        trace.add(new TraceStep(
                step,
                epoch,
                loss,
                full ? loss : Double.NaN,
                full ? groupLosses(batch) : List.of(),
                gradientNorm(batch),
                rate == Double.POSITIVE_INFINITY ? Double.NaN : rate,
                String.join("; ", events)));
    }

    /**
     * What the optimizer is told as the gradient: the mean gradient, or for the {@code natural}
     * optimizer the negated natural step.
     */
    private double[] told(BatchLoss loss) {
        if (!natural) {
            return loss.meanGradient();
        }
        double[] out = loss.naturalStep().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = -out[i];
        }
        return out;
    }

    /** The loss of all rows and its gradient at the starting points, for a restart from there. */
    private void evaluateStart() {
        BatchLoss[] all = objective.evaluate(blocks, 0, blocks, iterates());
        for (int g = 0; g < groups.length; g++) {
            groups[g].know(all[g].meanLoss(), told(all[g]));
        }
    }

    /** The loss of all rows at the current points, at the end of a partial-batch epoch. */
    private void evaluateAll(int epoch) {
        double[][] points = points();
        BatchLoss[] all = objective.evaluate(blocks, 0, blocks, evaluable(points));
        List<String> events = new ArrayList<>();
        for (int g = 0; g < groups.length; g++) {
            GroupState s = groups[g];
            if (s.converged || s.stalled) {
                continue;
            }
            double loss = objective.evaluable(g, points[g]) ? all[g].meanLoss() : Double.NaN;
            if (Double.isFinite(loss) && all[g].stationarity() <= settings.tolerance()) {
                s.converged = true;
                s.best = points[g];
                events.add(labels.get(g) + "converged");
            } else if (s.rose(loss)) {
                events.add(labels.get(g) + s.restart(true, "NLL of all rows rose over the epoch"));
            } else {
                s.improve(points[g], loss, told(all[g]));
            }
        }
        TraceStep last = trace.get(trace.size() - 1);
        if (!last.event().isEmpty()) {
            events.add(0, last.event());
        }
        trace.set(
                trace.size() - 1,
                new TraceStep(
                        last.step(),
                        epoch,
                        last.batchNll(),
                        meanReportedLoss(all),
                        groupLosses(all),
                        last.gradientNorm(),
                        last.learningRate(),
                        String.join("; ", events)));
    }

    /** Each group's best point. */
    private double[][] iterates() {
        double[][] points = new double[groups.length][];
        for (int g = 0; g < groups.length; g++) {
            points[g] = groups[g].best;
        }
        return points;
    }

    /** Each running group's optimizer's next point (a copy); the others' best point. */
    private double[][] points() {
        double[][] points = iterates();
        for (int g = 0; g < groups.length; g++) {
            GroupState s = groups[g];
            if (!s.converged && !s.stalled) {
                points[g] = s.optimizer.point().clone();
            }
        }
        return points;
    }

    /**
     * The points to send to the data: one that cannot be evaluated is replaced by the group's best
     * point, and its loss is told as not finite.
     */
    private double[][] evaluable(double[][] points) {
        double[][] out = points.clone();
        for (int g = 0; g < groups.length; g++) {
            if (!objective.evaluable(g, points[g])) {
                out[g] = groups[g].best;
            }
        }
        return out;
    }

    private static double meanReportedLoss(BatchLoss[] losses) {
        double sum = 0;
        double weight = 0;
        for (BatchLoss l : losses) {
            if (l.weight() > 0) {
                sum += l.reportedMeanLoss() * l.weight();
                weight += l.weight();
            }
        }
        return sum / weight;
    }

    private static List<Double> groupLosses(BatchLoss[] all) {
        List<Double> out = new ArrayList<>(all.length);
        for (BatchLoss l : all) {
            out.add(l.reportedMeanLoss());
        }
        return out;
    }

    private static double gradientNorm(BatchLoss[] batch) {
        double s = 0;
        for (BatchLoss l : batch) {
            if (l.weight() > 0) {
                double norm = Optimizer.norm(l.meanGradient());
                s += norm * norm;
            }
        }
        return Math.sqrt(s);
    }

    /** Whether some group has neither converged nor stalled. */
    private boolean running() {
        for (GroupState s : groups) {
            if (!s.converged && !s.stalled) {
                return true;
            }
        }
        return false;
    }

    /** One group's optimizer and progress. */
    private static final class GroupState {
        /** The relative precision of a loss of all rows, for comparisons with the best. */
        static final double ROUNDING = 1e-9;

        final Optimizer optimizer;
        /** The point with the lowest loss of all rows so far (the start until one is evaluated), its loss and told gradient. */
        double[] best;

        double bestLoss = Double.POSITIVE_INFINITY;
        double[] bestGradient;
        /** Whether the optimizer's momentum is empty: nothing accepted on all rows since the start or a restart. */
        boolean freshStart = true;

        int iterations;
        boolean converged;
        boolean stalled;

        GroupState(Optimizer optimizer) {
            this.optimizer = optimizer;
            this.best = optimizer.point().clone();
        }

        /**
         * Whether a loss of all rows is above the best by more than its rounding: with strongly
         * correlated columns the loss is computed to a relative precision of about
         * {@link #ROUNDING}, and a rise within it says nothing about the step.
         */
        boolean rose(double loss) {
            return !(loss <= bestLoss + ROUNDING * Math.max(1, Math.abs(bestLoss)));
        }

        /** A point accepted on all rows, with the loss and told gradient there, is the new best. */
        void improve(double[] point, double loss, double[] gradient) {
            freshStart = false;
            best = point;
            know(loss, gradient);
        }

        /** Records the loss of all rows and the told gradient at the best point. */
        void know(double loss, double[] gradient) {
            bestLoss = loss;
            bestGradient = gradient.clone();
        }

        /** Goes back to the best point, with half the learning rate if {@code slower}; returns the trace event. */
        String restart(boolean slower, String reason) {
            if (slower) {
                optimizer.slowDown();
            }
            optimizer.restart(best, bestLoss, bestGradient);
            freshStart = true;
            return reason + ": back to the best point, " + (slower ? "learning rate halved, " : "")
                    + "momentum restarted";
        }
    }
}
