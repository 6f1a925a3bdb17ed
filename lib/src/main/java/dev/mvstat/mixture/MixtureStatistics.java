package dev.mvstat.mixture;

import dev.mvstat.gaussian.BatchLoss;
import dev.mvstat.gaussian.CholeskyGaussian;
import dev.mvstat.gaussian.Likelihood;
import dev.mvstat.gaussian.Standardization;
import dev.mvstat.linalg.Gram;
import dev.mvstat.linalg.TriangularSolve;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * The sums from which a batch's mixture NLL, its exact gradient and the EM step follow: the rows'
 * NLL {@code -sum_i log sum_k w_k N_k(y_i)} (log-sum-exp), and per component k, over the rows'
 * responsibilities {@code r_ik}, the weight {@code R_k = sum_i r_ik}, the weighted residual sum
 * {@code sum_i r_ik (y_i - mu_k)} and scatter {@code sum_i r_ik (y_i - mu_k)(y_i - mu_k)^T}
 * (rows scaled by {@code sqrt(r_ik)} into the {@link Gram} kernel). Partial sums from disjoint rows
 * under the same mixture add up ({@link #plus}). A class rather than a record: Spark's Kryo
 * serializer cannot build records.
 *
 * <p>The gradient in a component's parameters is that of its Gaussian NLL over rows weighted by
 * their responsibilities ({@link Likelihood#of} with weight {@code R_k}); in the weight logits it
 * is {@code n w_k - R_k}. The loss also holds the covariance floor's penalty
 * {@code (lambda / 2) tr(Sigma_k^-1)} per component, {@code lambda = floor n / K}: a pseudo-scatter
 * {@code lambda I} added to each component's scatter, so that the loss is a posterior whose
 * optimum no component can reach by collapsing onto a point (as an inverse-Wishart prior would;
 * Fraley and Raftery, "Bayesian regularization for normal mixture estimation and model-based
 * clustering", J. Classification 24, 2007). The EM step (Dempster, Laird and Rubin 1977) is then
 * each component's natural step on its weighted rows and the weights {@code R_k / n}.
 */
public final class MixtureStatistics implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** A component whose batch weight is below this share of the rows is left as it is by the EM step. */
    private static final double EMPTY = 1e-12;

    private final int d;
    private long rows;
    private double nll;
    private final double[] weight;
    private final double[][] residualSum;
    /** Per component, the packed upper triangle of its weighted scatter. */
    private final double[][] scatter;

    private MixtureStatistics(int k, int d) {
        this.d = d;
        this.weight = new double[k];
        this.residualSum = new double[k][d];
        this.scatter = new double[k][Gram.packedLength(d)];
    }

    public long rows() {
        return rows;
    }

    /** The sum of two partial sums over disjoint rows under the same mixture. */
    public MixtureStatistics plus(MixtureStatistics other) {
        int k = weight.length;
        MixtureStatistics s = new MixtureStatistics(k, d);
        s.rows = rows + other.rows;
        s.nll = nll + other.nll;
        for (int j = 0; j < k; j++) {
            s.weight[j] = weight[j] + other.weight[j];
            for (int i = 0; i < d; i++) {
                s.residualSum[j][i] = residualSum[j][i] + other.residualSum[j][i];
            }
            for (int i = 0; i < scatter[j].length; i++) {
                s.scatter[j][i] = scatter[j][i] + other.scatter[j][i];
            }
        }
        return s;
    }

    /** Per start, the sum of the parts' sums, added in the parts' order (at least one part). */
    public static MixtureStatistics[] sum(List<MixtureStatistics[]> parts) {
        MixtureStatistics[] total = parts.get(0).clone();
        for (MixtureStatistics[] part : parts.subList(1, parts.size())) {
            for (int s = 0; s < total.length; s++) {
                total[s] = total[s].plus(part[s]);
            }
        }
        return total;
    }

    /** The mean NLL per row in the fit's coordinates, without the floor's penalty. */
    public double meanNll() {
        return nll / rows;
    }

    /**
     * The batch's loss under the mixture the sums were taken under.
     *
     * @param model       the mixture, in the fit's coordinates
     * @param floor       the covariance floor, in the fit's (standardized) units
     * @param logJacobian added to the loss per row to report it in the data's units
     */
    public BatchLoss loss(GaussianMixture model, double floor, double logJacobian) {
        int k = weight.length;
        double[] w = model.weights();
        double lambda = floor * rows / k;
        int p = CholeskyGaussian.parameterCount(d);
        double[] gradient = new double[GaussianMixture.parameterCount(k, d)];
        double[] natural = new double[gradient.length];
        double[] logWeights = model.logWeights();
        double penalty = 0;
        double stationarity = 0;
        for (int j = 0; j < k; j++) {
            CholeskyGaussian c = model.component(j);
            double share = weight[j] / rows;
            gradient[j] = w[j] - share;
            natural[j] = Math.log(Math.max(share, EMPTY)) - logWeights[j];
            stationarity += (share - w[j]) * (share - w[j]);
            double[] floored = Gram.unpack(scatter[j], d, 1.0);
            for (int i = 0; i < d; i++) {
                floored[i * d + i] += lambda;
            }
            penalty += Likelihood.of(c, 0, new double[d], lambda(lambda)).nll();
            Likelihood l = Likelihood.of(c, weight[j], residualSum[j], floored);
            double[] g = l.gradient();
            int offset = GaussianMixture.componentOffset(k, d, j);
            for (int i = 0; i < p; i++) {
                gradient[offset + i] = g[i] / rows;
            }
            if (share > EMPTY) {
                System.arraycopy(l.naturalStep(c), 0, natural, offset, p);
                double s = l.stationarity();
                stationarity += share * s * s;
            }
        }
        double meanLoss = (nll + penalty) / rows;
        return new BatchLoss(rows, meanLoss, meanLoss + logJacobian, gradient, natural, Math.sqrt(stationarity));
    }

    /** {@code lambda I}, row-major d x d. */
    private double[] lambda(double lambda) {
        double[] m = new double[d * d];
        for (int i = 0; i < d; i++) {
            m[i * d + i] = lambda;
        }
        return m;
    }

    /** Sums rows of the data's units under a mixture of the fit's coordinates. */
    public static final class Accumulator {

        private static final int BLOCK_ROWS = 256;

        private final Standardization standardization;
        private final int k;
        private final int d;
        private final double[] logWeights;
        private final double[][] means;
        private final double[][] factors;
        private final double[] logDensityAtMean;
        private final MixtureStatistics sums;
        private final double[] y;
        private final double[][] residuals;
        private final double[] z;
        private final double[] terms;
        private final double[] posterior;
        private final double[] scaled;
        private final Gram[] grams;
        private int pending;

        /**
         * @param model           the mixture, in the fit's coordinates
         * @param standardization the map from the data's units to the fit's coordinates
         */
        public Accumulator(GaussianMixture model, Standardization standardization) {
            this.standardization = standardization;
            this.k = model.components();
            this.d = model.dimension();
            this.logWeights = model.logWeights();
            this.means = new double[k][];
            this.factors = new double[k][];
            this.logDensityAtMean = new double[k];
            this.grams = new Gram[k];
            for (int j = 0; j < k; j++) {
                CholeskyGaussian c = model.component(j);
                means[j] = c.mean();
                factors[j] = c.cholesky();
                logDensityAtMean[j] = c.logDensityOfSquaredDistance(0);
                grams[j] = new Gram(d, BLOCK_ROWS);
            }
            this.sums = new MixtureStatistics(k, d);
            this.y = new double[d];
            this.residuals = new double[k][d];
            this.z = new double[d];
            this.terms = new double[k];
            this.posterior = new double[k];
            this.scaled = new double[d];
        }

        /** Adds the row {@code values[offset .. offset + d)}. */
        public void add(double[] values, int offset) {
            standardization.apply(values, offset, y);
            for (int j = 0; j < k; j++) {
                double[] e = residuals[j];
                for (int i = 0; i < d; i++) {
                    e[i] = y[i] - means[j][i];
                    z[i] = e[i];
                }
                TriangularSolve.forwardColumns(factors[j], d, z, 1);
                double q = 0;
                for (int i = 0; i < d; i++) {
                    q += z[i] * z[i];
                }
                terms[j] = logWeights[j] + logDensityAtMean[j] - 0.5 * q;
            }
            sums.nll -= GaussianMixture.logSumExp(terms, posterior);
            sums.rows++;
            for (int j = 0; j < k; j++) {
                double r = posterior[j];
                double root = Math.sqrt(r);
                double[] e = residuals[j];
                sums.weight[j] += r;
                for (int i = 0; i < d; i++) {
                    sums.residualSum[j][i] += r * e[i];
                    scaled[i] = root * e[i];
                }
                grams[j].setRow(pending, scaled);
            }
            if (++pending == BLOCK_ROWS) {
                flush();
            }
        }

        private void flush() {
            for (int j = 0; j < k; j++) {
                grams[j].addTo(pending, null, sums.scatter[j]);
            }
            pending = 0;
        }

        /** The sums of the rows added. */
        public MixtureStatistics statistics() {
            flush();
            return sums;
        }
    }
}
