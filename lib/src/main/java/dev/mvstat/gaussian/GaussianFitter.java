package dev.mvstat.gaussian;

import java.util.ArrayList;
import java.util.List;

/**
 * Maximum-likelihood Gaussians by mini-batch optimization: each step evaluates the NLL and its
 * gradient of one batch at every group's current parameters (one pass over the batch's rows for
 * all groups) and lets each group's optimizer update its parameters.
 *
 * <p><b>Coordinates.</b> Each group is fitted in its own standardized coordinates
 * ({@link ColumnRange#standardization()}), starting from the standard normal there, and mapped
 * back to original units at the end.
 *
 * <p><b>Batches and schedule.</b> An epoch reads every row once, as {@code ceil(n / batch)} batches
 * of shuffled rows. The batch doubles after every epoch until it is all rows (Friedlander and
 * Schmidt, "Hybrid deterministic-stochastic methods for data fitting", SIAM J. Sci. Comput. 34,
 * 2012: growing batches keep the cheap early progress of mini-batches and converge like full-batch
 * descent), so the fit ends at the exact maximum-likelihood answer rather than in a noise ball.
 * Whenever the NLL of all rows rises (from one full-batch step to the next, or over a
 * partial-batch epoch) the learning rate halves and the momentum restarts. A step whose NLL is not finite is undone and retaken
 * with half the learning rate, and the trace says so. L-BFGS always uses all rows.
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
    private int step;

    private GaussianFitter(Batches data, FitSettings settings, List<String> names) {
        this.data = data;
        this.settings = settings;
        this.d = data.dimension();
        ColumnRange[] ranges = data.ranges();
        if (names != null && names.size() != ranges.length) {
            throw new IllegalArgumentException(names.size() + " group names for " + ranges.length + " groups");
        }
        this.names = names;
        this.groupCount = ranges.length;
        long n = 0;
        for (int g = 0; g < ranges.length; g++) {
            if (ranges[g].count() < d + 1) {
                throw new IllegalArgumentException(label(g) + ranges[g].count() + " rows: the maximum-likelihood Gaussian in "
                        + d + " dimensions needs at least " + (d + 1));
            }
            n += ranges[g].count();
        }
        this.blocks = (int) Math.min(Integer.MAX_VALUE, (n + settings.rowsPerBatch(n) - 1) / settings.rowsPerBatch(n));
        this.groups = new GroupState[ranges.length];
        this.standardizations = new Standardization[ranges.length];
        for (int g = 0; g < ranges.length; g++) {
            standardizations[g] = ranges[g].standardization();
            groups[g] = new GroupState(settings.optimizer().create(CholeskyGaussian.standard(d).parameters(),
                    settings.learningRate()), ranges[g].count());
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
            CholeskyGaussian model = standardizations[g].toOriginal(CholeskyGaussian.fromParameters(d, s.iterate));
            out.add(new GaussianFit.Group(model, s.count, standardizations[g].toOriginal(last[g]).meanNll(),
                    last[g].stationarity(), s.iterations, s.converged));
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
            double[] gradient = batch[g].meanGradient();
            double[] at = s.optimizer.point().clone();
            if (full && Double.isFinite(loss) && batch[g].stationarity() <= settings.tolerance()) {
                s.converged = true;
                s.iterate = at;
                rate = Math.min(rate, s.optimizer.learningRate());
                events.add(label(g) + "converged");
                continue;
            }
            if (full && settings.optimizer().miniBatch() && loss > s.previousFullLoss) {
                s.optimizer.slowDown();
                events.add(label(g) + "NLL rose: momentum reset, learning rate halved");
            }
            rate = Math.min(rate, s.optimizer.learningRate());
            switch (s.optimizer.tell(loss, gradient)) {
                case ACCEPTED -> {
                    s.iterate = at;
                    s.iterations++;
                    if (full) {
                        s.previousFullLoss = loss;
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
        trace.add(new TraceStep(step, epoch, nll, full ? nll : Double.NaN, gradientNorm(batch),
                rate == Double.POSITIVE_INFINITY ? Double.NaN : rate, String.join("; ", events)));
    }

    /** The full-data NLL at the current points, at the end of a partial-batch epoch. */
    private void evaluateAll(int epoch) {
        Likelihood[] all = data.likelihood(blocks, 0, blocks, evaluable(points()), standardizations);
        List<String> events = new ArrayList<>();
        for (int g = 0; g < groups.length; g++) {
            GroupState s = groups[g];
            if (s.converged || s.stalled) {
                continue;
            }
            double loss = all[g].meanNll();
            if (Double.isFinite(loss) && all[g].stationarity() <= settings.tolerance()) {
                s.converged = true;
                s.iterate = s.optimizer.point().clone();
                events.add(label(g) + "converged");
            } else if (!(loss <= s.previousFullLoss)) {
                s.optimizer.slowDown();
                events.add(label(g) + "NLL of all rows rose over the epoch: momentum reset, learning rate halved");
            }
            if (Double.isFinite(loss)) {
                s.previousFullLoss = Math.min(loss, s.previousFullLoss);
            }
        }
        TraceStep last = trace.get(trace.size() - 1);
        if (!last.event().isEmpty()) {
            events.add(0, last.event());
        }
        trace.set(trace.size() - 1, new TraceStep(last.step(), epoch, last.batchNll(), meanOriginalNll(all),
                last.gradientNorm(), last.learningRate(), String.join("; ", events)));
    }

    /** Each group's model at its final iterate. */
    private CholeskyGaussian[] iterates() {
        CholeskyGaussian[] models = new CholeskyGaussian[groups.length];
        for (int g = 0; g < groups.length; g++) {
            models[g] = CholeskyGaussian.fromParameters(d, groups[g].iterate);
        }
        return models;
    }

    /** Each running group's model at its optimizer's next point; the others at their final iterate. */
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
     * The models to send to the data: a point with an overflowing factor is evaluated at the last
     * iterate instead, and its loss is told as not finite.
     */
    private CholeskyGaussian[] evaluable(CholeskyGaussian[] points) {
        CholeskyGaussian[] models = points.clone();
        for (int g = 0; g < groups.length; g++) {
            if (!points[g].isFinite()) {
                models[g] = CholeskyGaussian.fromParameters(d, groups[g].iterate);
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
        double[] iterate;
        double previousFullLoss = Double.POSITIVE_INFINITY;
        int iterations;
        boolean converged;
        boolean stalled;

        GroupState(Optimizer optimizer, long count) {
            this.optimizer = optimizer;
            this.count = count;
            this.iterate = optimizer.point().clone();
        }
    }
}
