package dev.mvstat.gaussian;

import dev.mvstat.moments.ColumnMoments;
import dev.mvstat.optimize.Optimizer;
import dev.mvstat.optimize.OptimizerKind;

import java.util.ArrayList;
import java.util.List;

/**
 * Maximum-likelihood Gaussians by mini-batch optimization: each step evaluates the NLL and its
 * gradient of one batch at every group's current parameters (one pass over the batch's rows for
 * all groups) and lets each group's optimizer update its parameters.
 *
 * <p><b>Coordinates.</b> Each group is fitted in its own standardized coordinates
 * ({@link Standardization#of}: each column's mean 0 and variance 1), starting from
 * the standard normal there, and mapped back to original units at the end. The start matches the
 * maximum-likelihood Gaussian's mean and variances already; the fit learns the correlations, and
 * the curvature it meets no longer depends on the columns' units.
 *
 * <p><b>Batches and schedule.</b> An epoch reads every row once, as {@code ceil(n / batch)} batches
 * of shuffled rows. The batch doubles after every epoch until it is all rows (Friedlander and
 * Schmidt, "Hybrid deterministic-stochastic methods for data fitting", SIAM J. Sci. Comput. 34,
 * 2012: growing batches keep the cheap early progress of mini-batches and converge like full-batch
 * descent), so the fit ends at the exact maximum-likelihood answer rather than in a noise ball.
 * Whenever the NLL of all rows is above the lowest seen so far (at a full-batch step, or at the
 * end of a partial-batch epoch) the fit goes back to the point with that lowest NLL and restarts
 * the momentum (O'Donoghue and Candès 2015); the learning rate halves too when the rise came over
 * a partial-batch epoch or from the first, momentum-free step after a restart, which only a rate
 * too large for the curvature explains. A mini-batch step whose NLL is not finite is undone and
 * retaken with half the learning rate. The trace says so each time. L-BFGS always uses all rows
 * and keeps its own line search. The {@code natural} optimizer steps along
 * {@link Likelihood#naturalStep} instead of the gradient.
 *
 * <p><b>Stopping.</b> A group has converged when its {@link Likelihood#stationarity()} over all
 * its rows is at most the tolerance: the mean of its whitened residuals is that close to 0 and
 * their second moment to I, the conditions that define the maximum-likelihood Gaussian, measured
 * free of the data's units (evaluated on every full batch, and at the end of every partial-batch
 * epoch). The fit stops when all groups have, when L-BFGS can decrease the NLL no
 * further, or after the epoch budget.
 */
public final class GaussianFitter {

    private final Batches data;
    private final FitSettings settings;
    private final List<String> names;
    private final int groupCount;
    private final int d;
    private final GroupState[] groups;
    private final Standardization[] standardizations;
    private final int blocks;
    private final List<TraceStep> trace = new ArrayList<>();
    private final boolean natural;
    private int step;

    private GaussianFitter(Batches data, FitSettings settings, List<String> names) {
        this.data = data;
        this.settings = settings;
        this.natural = settings.optimizer() == OptimizerKind.NATURAL;
        this.d = data.dimension();
        ColumnMoments[] moments = data.columnMoments();
        if (names != null && names.size() != moments.length) {
            throw new IllegalArgumentException(names.size() + " group names for " + moments.length + " groups");
        }
        this.names = names;
        this.groupCount = moments.length;
        long n = 0;
        for (int g = 0; g < moments.length; g++) {
            if (moments[g].count() < d + 1) {
                throw new IllegalArgumentException(label(g) + moments[g].count()
                        + " rows: the maximum-likelihood Gaussian in " + d + " dimensions needs at least " + (d + 1));
            }
            n += moments[g].count();
        }
        this.blocks = (int) Math.min(Integer.MAX_VALUE, (n + settings.rowsPerBatch(n) - 1) / settings.rowsPerBatch(n));
        this.groups = new GroupState[moments.length];
        this.standardizations = new Standardization[moments.length];
        for (int g = 0; g < moments.length; g++) {
            standardizations[g] = Standardization.of(moments[g]);
            groups[g] = new GroupState(
                    settings.optimizer().create(CholeskyGaussian.standard(d).parameters(), settings.learningRate()),
                    moments[g].count());
        }
    }

    /**
     * Fits one Gaussian per group.
     *
     * @throws IllegalArgumentException if a group has at most d rows (no maximum-likelihood
     *                                  Gaussian exists) or the batch size exceeds the rows
     */
    public static GaussianFit fit(Batches data, FitSettings settings) {
        return new GaussianFitter(data, settings, null).run();
    }

    /** As {@link #fit(Batches, FitSettings)}, naming the groups in messages and trace events. */
    public static GaussianFit fit(Batches data, FitSettings settings, List<String> groupNames) {
        return new GaussianFitter(data, settings, groupNames).run();
    }

    private GaussianFit run() {
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
        Likelihood[] last = data.likelihood(blocks, 0, blocks, iterates(), standardizations);
        List<GaussianFit.Group> out = new ArrayList<>();
        for (int g = 0; g < groups.length; g++) {
            GroupState s = groups[g];
            CholeskyGaussian model = standardizations[g].toOriginal(CholeskyGaussian.fromParameters(d, s.best));
            out.add(new GaussianFit.Group(
                    model,
                    s.count,
                    standardizations[g].toOriginal(last[g]).meanNll(),
                    last[g].stationarity(),
                    s.iterations,
                    s.converged));
        }
        return new GaussianFit(out, trace, epoch, allConverged());
    }

    /** One step on a batch. */
    private void step(int epoch, int first, int span) {
        boolean full = span == blocks;
        CholeskyGaussian[] points = points();
        Likelihood[] batch = data.likelihood(blocks, first, span, evaluable(points), standardizations);
        List<String> events = new ArrayList<>();
        double rate = Double.POSITIVE_INFINITY;
        for (int g = 0; g < groups.length; g++) {
            GroupState s = groups[g];
            if (s.converged || s.stalled || batch[g].count() == 0) {
                continue;
            }
            double loss = points[g].isFinite() ? batch[g].meanNll() : Double.NaN;
            double[] gradient = natural ? negated(batch[g].naturalStep(points[g])) : batch[g].meanGradient();
            double[] at = s.optimizer.point().clone();
            rate = Math.min(rate, s.optimizer.learningRate());
            if (full && Double.isFinite(loss) && batch[g].stationarity() <= settings.tolerance()) {
                s.converged = true;
                s.best = at;
                events.add(label(g) + "converged");
                continue;
            }
            if (full && settings.optimizer().miniBatch() && !(loss <= s.bestLoss)) {
                events.add(label(g) + s.restart(s.freshStart, "NLL of all rows rose"));
                continue;
            }
            switch (s.optimizer.tell(loss, gradient)) {
                case ACCEPTED -> {
                    s.iterations++;
                    if (full) {
                        s.improve(at, loss, gradient);
                    }
                }
                case REJECTED -> events.add(label(g) + "NLL not finite: step undone, learning rate halved");
                case BACKTRACKED -> events.add(label(g) + "line search: step shortened");
                case STALLED -> {
                    s.stalled = true;
                    events.add(label(g) + "line search: no further decrease");
                }
            }
        }
        step++;
        double nll = meanOriginalNll(batch);
        trace.add(new TraceStep(
                step,
                epoch,
                nll,
                full ? nll : Double.NaN,
                full ? groupNlls(batch) : List.of(),
                gradientNorm(batch),
                rate == Double.POSITIVE_INFINITY ? Double.NaN : rate,
                String.join("; ", events)));
    }

    private static double[] negated(double[] v) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = -out[i];
        }
        return out;
    }

    /** The NLL of all rows and its gradient at the starting points, for a restart from there. */
    private void evaluateStart() {
        Likelihood[] all = data.likelihood(blocks, 0, blocks, iterates(), standardizations);
        for (int g = 0; g < groups.length; g++) {
            groups[g].know(all[g].meanNll(), all[g].meanGradient());
        }
    }

    /** The full-data NLL at the current points, at the end of a partial-batch epoch. */
    private void evaluateAll(int epoch) {
        CholeskyGaussian[] points = points();
        Likelihood[] all = data.likelihood(blocks, 0, blocks, evaluable(points), standardizations);
        List<String> events = new ArrayList<>();
        for (int g = 0; g < groups.length; g++) {
            GroupState s = groups[g];
            if (s.converged || s.stalled) {
                continue;
            }
            double loss = points[g].isFinite() ? all[g].meanNll() : Double.NaN;
            if (Double.isFinite(loss) && all[g].stationarity() <= settings.tolerance()) {
                s.converged = true;
                s.best = s.optimizer.point().clone();
                events.add(label(g) + "converged");
            } else if (!(loss <= s.bestLoss)) {
                events.add(label(g) + s.restart(true, "NLL of all rows rose over the epoch"));
            } else {
                s.improve(s.optimizer.point().clone(), loss, all[g].meanGradient());
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
                        meanOriginalNll(all),
                        groupNlls(all),
                        last.gradientNorm(),
                        last.learningRate(),
                        String.join("; ", events)));
    }

    /** Each group's model at its best point. */
    private CholeskyGaussian[] iterates() {
        CholeskyGaussian[] models = new CholeskyGaussian[groups.length];
        for (int g = 0; g < groups.length; g++) {
            models[g] = CholeskyGaussian.fromParameters(d, groups[g].best);
        }
        return models;
    }

    /** Each running group's model at its optimizer's next point; the others at their best point. */
    private CholeskyGaussian[] points() {
        CholeskyGaussian[] models = iterates();
        for (int g = 0; g < groups.length; g++) {
            GroupState s = groups[g];
            if (!s.converged && !s.stalled) {
                models[g] = CholeskyGaussian.fromParameters(d, s.optimizer.point());
            }
        }
        return models;
    }

    /**
     * The models to send to the data: a point with an overflowing factor is evaluated at the best
     * point instead, and its loss is told as not finite.
     */
    private CholeskyGaussian[] evaluable(CholeskyGaussian[] points) {
        CholeskyGaussian[] models = points.clone();
        for (int g = 0; g < groups.length; g++) {
            if (!points[g].isFinite()) {
                models[g] = CholeskyGaussian.fromParameters(d, groups[g].best);
            }
        }
        return models;
    }

    private double meanOriginalNll(Likelihood[] batch) {
        double nll = 0;
        long count = 0;
        for (int g = 0; g < batch.length; g++) {
            Likelihood l = standardizations[g].toOriginal(batch[g]);
            nll += l.nll();
            count += l.count();
        }
        return nll / count;
    }

    /** @return each group's mean NLL per row, original units */
    private List<Double> groupNlls(Likelihood[] all) {
        List<Double> out = new ArrayList<>(all.length);
        for (int g = 0; g < all.length; g++) {
            out.add(standardizations[g].toOriginal(all[g]).meanNll());
        }
        return out;
    }

    private double gradientNorm(Likelihood[] batch) {
        double s = 0;
        for (Likelihood l : batch) {
            if (l.count() > 0) {
                double norm = Optimizer.norm(l.meanGradient());
                s += norm * norm;
            }
        }
        return Math.sqrt(s);
    }

    private String label(int g) {
        if (names != null) {
            return "group " + names.get(g) + ": ";
        }
        return groupCount > 1 ? "group " + g + ": " : "";
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

    private boolean allConverged() {
        for (GroupState s : groups) {
            if (!s.converged) {
                return false;
            }
        }
        return true;
    }

    /** One group's optimizer and progress. */
    private static final class GroupState {
        final Optimizer optimizer;
        final long count;
        /** The point with the lowest NLL of all rows so far (the start until one is evaluated), its NLL and gradient. */
        double[] best;

        double bestLoss = Double.POSITIVE_INFINITY;
        double[] bestGradient;
        /** Whether the optimizer's momentum is empty: nothing accepted on all rows since the start or a restart. */
        boolean freshStart = true;

        int iterations;
        boolean converged;
        boolean stalled;

        GroupState(Optimizer optimizer, long count) {
            this.optimizer = optimizer;
            this.count = count;
            this.best = optimizer.point().clone();
        }

        /** A point accepted on all rows, with the NLL and gradient there, is the new best. */
        void improve(double[] point, double loss, double[] gradient) {
            freshStart = false;
            best = point;
            know(loss, gradient);
        }

        /** Records the NLL of all rows and its gradient at the best point. */
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
