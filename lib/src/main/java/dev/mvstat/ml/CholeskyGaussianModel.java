package dev.mvstat.ml;

import dev.mvstat.gaussian.GaussianFit;
import dev.mvstat.ml.persist.ModelData;
import dev.mvstat.ml.persist.ModelReader;
import dev.mvstat.spark.DistributedGaussianDensity;
import dev.mvstat.spark.InputColumns;
import dev.mvstat.spark.RowFunction;
import dev.mvstat.spark.RowValues;
import org.apache.spark.ml.linalg.Matrices;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maximum-likelihood Gaussians {@code N(mu, L L^T)}, one for all rows or one per group, with what
 * their fit reported. {@code transform} appends each row's log-density under the Gaussian of its
 * group, {@code -(d log 2 pi + 2 sum_i log L_ii + |z|^2) / 2} with {@code z = L^-1 (x - mu)}: the
 * Gaussians are broadcast once and each task solves for z a block of rows at a time by forward
 * substitution, never forming an inverse. A row whose group has no Gaussian gets null. It keeps
 * every input column and starts no Spark job, so it applies to streaming Datasets.
 */
public final class CholeskyGaussianModel extends FeaturesModel<CholeskyGaussianModel>
        implements CholeskyGaussianParams<CholeskyGaussianModel> {

    /** The saved state's format. */
    static final String FORMAT = "mvstat.CholeskyGaussianModel";
    /** The saved state's version. */
    static final int VERSION = 1;

    private final CholeskyGaussianParams.Fields fields;
    /** A name per value of a row. */
    private final List<String> columns;
    /** The group values, sorted; empty when one Gaussian fits all rows. */
    private final List<String> groups;
    /** Per group (the one Gaussian under "" when ungrouped), the fitted Gaussian in original units. */
    private final Map<String, GaussianFit.Group> fitted;

    private final int epochs;
    private final boolean converged;
    private final long skipped;

    /**
     * A model with nothing fitted, for tools that instantiate every registered stage (Spark Connect
     * ML's service discovery); fit one with {@link CholeskyGaussian} or {@link #load} one.
     */
    public CholeskyGaussianModel() {
        super(Identifiable.randomUID("choleskyGaussianModel"));
        this.fields = new CholeskyGaussianParams.Fields(this);
        this.columns = List.of();
        this.groups = List.of();
        this.fitted = Map.of();
        this.epochs = 0;
        this.converged = false;
        this.skipped = 0;
    }

    /**
     * @param columns   a name per value of a row
     * @param groups    the group values in the order of {@code fit.groups()}; empty when ungrouped
     * @param fit       the fit, Gaussians in original units
     * @param skipped   training rows left out as invalid
     */
    CholeskyGaussianModel(String uid, List<String> columns, List<String> groups, GaussianFit fit, long skipped) {
        super(uid);
        this.fields = new CholeskyGaussianParams.Fields(this);
        this.columns = List.copyOf(columns);
        this.groups = List.copyOf(groups);
        List<String> keys = groups.isEmpty() ? List.of("") : groups;
        if (keys.size() != fit.groups().size() || new HashSet<>(keys).size() != keys.size()) {
            throw new IllegalArgumentException(
                    "expected " + fit.groups().size() + " distinct group names, got " + keys);
        }
        this.fitted = new LinkedHashMap<>();
        for (int g = 0; g < keys.size(); g++) {
            GaussianFit.Group group = fit.groups().get(g);
            if (group.model().dimension() != columns.size()) {
                throw new IllegalArgumentException("Gaussian '" + keys.get(g) + "' has dimension "
                        + group.model().dimension() + ", expected " + columns.size());
            }
            fitted.put(keys.get(g), group);
        }
        this.epochs = fit.epochs();
        this.converged = fit.converged();
        this.skipped = skipped;
    }

    @Override
    public CholeskyGaussianParams.Fields fields() {
        return fields;
    }

    /** @return the group values, sorted as text; empty when one Gaussian fits all rows */
    public List<String> groups() {
        return groups;
    }

    /** @return the one Gaussian's mean (a model fitted without groupCol) */
    public Vector mean() {
        return mean(only());
    }

    /** @return the mean of the group's Gaussian */
    public Vector mean(String group) {
        return Vectors.dense(gaussian(group).mean());
    }

    /** @return the one Gaussian's covariance {@code L L^T}, d x d */
    public Matrix covariance() {
        return covariance(only());
    }

    /** @return the covariance {@code L L^T} of the group's Gaussian, d x d */
    public Matrix covariance(String group) {
        int d = columns.size();
        return Matrices.dense(d, d, gaussian(group).covariance());
    }

    /** @return the one Gaussian's lower-triangular Cholesky factor L */
    public Matrix cholesky() {
        return cholesky(only());
    }

    /** @return the lower-triangular Cholesky factor L of the group's Gaussian */
    public Matrix cholesky(String group) {
        int d = columns.size();
        return Matrices.dense(d, d, gaussian(group).cholesky()).transpose();
    }

    /** @return the one Gaussian, for the library's own API */
    public dev.mvstat.gaussian.CholeskyGaussian gaussian() {
        return gaussian(only());
    }

    /** @return the group's Gaussian, for the library's own API */
    public dev.mvstat.gaussian.CholeskyGaussian gaussian(String group) {
        return fit(group).model();
    }

    /** @return the one Gaussian's training rows */
    public long count() {
        return count(only());
    }

    /** @return the group's training rows */
    public long count(String group) {
        return fit(group).count();
    }

    /** @return the one Gaussian's mean negative log-likelihood per training row (natural log) */
    public double meanNll() {
        return meanNll(only());
    }

    /** @return the mean negative log-likelihood per training row of the group under its Gaussian */
    public double meanNll(String group) {
        return fit(group).meanNll();
    }

    /**
     * @return the one Gaussian's distance from the maximum-likelihood conditions on its rows,
     *         {@code sqrt(|mean z|^2 + |I - mean z z^T|_F^2)} over the whitened residuals z
     */
    public double stationarity() {
        return stationarity(only());
    }

    /** @return the group's distance from the maximum-likelihood conditions, as {@link #stationarity()} */
    public double stationarity(String group) {
        return fit(group).stationarity();
    }

    /** @return the optimizer's accepted steps for the one Gaussian */
    public int iterations() {
        return iterations(only());
    }

    /** @return the optimizer's accepted steps for the group */
    public int iterations(String group) {
        return fit(group).iterations();
    }

    /** @return whether every Gaussian met the tolerance */
    public boolean converged() {
        return converged;
    }

    /** @return whether the group's Gaussian met the tolerance */
    public boolean converged(String group) {
        return fit(group).converged();
    }

    /** @return the passes over the data the fit took */
    public int epochs() {
        return epochs;
    }

    /** @return the number of training rows left out as invalid (handleInvalid "skip") */
    public long skippedCount() {
        return skipped;
    }

    /** @throws IllegalStateException if nothing was fitted (the no-argument constructor) */
    private void requireFitted() {
        if (fitted.isEmpty()) {
            throw nothingFitted("CholeskyGaussian");
        }
    }

    /** @return the key of the one Gaussian of a model fitted without groups */
    private String only() {
        if (!groups.isEmpty()) {
            throw new IllegalStateException("the model holds one Gaussian per group: name the group, one of " + groups);
        }
        return "";
    }

    private GaussianFit.Group fit(String group) {
        requireFitted();
        GaussianFit.Group g = fitted.get(group);
        if (g == null) {
            throw new IllegalArgumentException("no Gaussian for group '" + group + "': "
                    + (groups.isEmpty() ? "the model holds one Gaussian for all rows" : "the groups are " + groups));
        }
        return g;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType schema = dataset.schema();
        transformSchema(schema, true);
        InputColumns input = inputColumns();
        RowValues values = input.reader(schema, columns.size());
        Dataset<Row> rows = input.transformable(dataset, values);
        RowFunction<String> groupOf;
        if (groups.isEmpty()) {
            groupOf = row -> "";
        } else {
            int key = schema.fieldIndex(getGroupCol());
            groupOf = row -> String.valueOf(row.get(key));
        }
        Map<String, dev.mvstat.gaussian.CholeskyGaussian> gaussians = new LinkedHashMap<>();
        fitted.forEach((group, g) -> gaussians.put(group, g.model()));
        return DistributedGaussianDensity.logDensity(rows, gaussians, groupOf, values::read, getLogDensityCol());
    }

    /**
     * @throws IllegalArgumentException as {@link #densitySchema}, and if groupCol is set on a model
     *                                  fitted without it or unset on one fitted per group
     */
    @Override
    public StructType transformSchema(StructType schema) {
        requireFitted();
        if (isGrouped() == groups.isEmpty()) {
            throw new IllegalArgumentException(
                    groups.isEmpty()
                            ? "the model holds one Gaussian for all rows: groupCol must be unset or empty, got '"
                                    + getGroupCol() + "'"
                            : "the model holds one Gaussian per group: set groupCol to the column naming the groups");
        }
        return densitySchema(inputColumns(), schema, getGroupCol(), getLogDensityCol());
    }

    /**
     * @param groupCol      the group column, or "" for none
     * @param logDensityCol the column appended
     * @return the schema with the log-density column appended (double, nullable)
     * @throws IllegalArgumentException if an input or the group column is missing, an input column
     *                                  has another type, or the log-density column exists
     */
    static StructType densitySchema(InputColumns input, StructType schema, String groupCol, String logDensityCol) {
        input.check(schema);
        List<String> names = List.of(schema.fieldNames());
        if (!groupCol.isEmpty() && !names.contains(groupCol)) {
            throw new IllegalArgumentException("no group column '" + groupCol + "' in " + names);
        }
        if (names.contains(logDensityCol)) {
            throw new IllegalArgumentException("output column '" + logDensityCol + "' already exists");
        }
        return schema.add(logDensityCol, DataTypes.DoubleType, true);
    }

    @Override
    public CholeskyGaussianModel copy(ParamMap extra) {
        requireFitted();
        List<GaussianFit.Group> all = new ArrayList<>(fitted.values());
        CholeskyGaussianModel copy = new CholeskyGaussianModel(
                uid(), columns, groups, new GaussianFit(all, List.of(), epochs, converged), skipped);
        return copyValues(copy, extra).setParent(parent());
    }

    @Override
    protected ModelData state() {
        requireFitted();
        List<ModelData> entries = new ArrayList<>();
        fitted.forEach((group, g) -> entries.add(ModelData.entry()
                .put("name", group)
                .put("count", g.count())
                .put("mean", g.model().mean())
                .put("cholesky", g.model().cholesky())
                .put("mean_nll", g.meanNll())
                .put("stationarity", g.stationarity())
                .put("iterations", g.iterations())
                .put("converged", g.converged())));
        return ModelData.create(FORMAT, VERSION)
                .put("columns", columns)
                .put("grouped", !groups.isEmpty())
                .put("epochs", epochs)
                .put("converged", converged)
                .put("skipped", skipped)
                .putEntries("groups", entries);
    }

    /** @return the reader of saved models */
    public static MLReader<CholeskyGaussianModel> read() {
        return new ModelReader<>(CholeskyGaussianModel.class, FORMAT, VERSION, (uid, data) -> {
            List<String> columns = data.strings("columns");
            int d = columns.size();
            boolean grouped = data.bool("grouped");
            List<ModelData> entries = data.entries("groups");
            if (!grouped && entries.size() != 1) {
                throw new IllegalArgumentException(
                        "expected one Gaussian in 'groups' of a model without groups, actual " + entries.size());
            }
            List<String> names = new ArrayList<>();
            List<GaussianFit.Group> groups = new ArrayList<>();
            for (ModelData e : entries) {
                names.add(e.string("name"));
                dev.mvstat.gaussian.CholeskyGaussian model =
                        dev.mvstat.gaussian.CholeskyGaussian.of(e.doubles("mean", d), e.doubles("cholesky", d * d));
                groups.add(new GaussianFit.Group(
                        model,
                        e.longValue("count"),
                        e.number("mean_nll"),
                        e.number("stationarity"),
                        Math.toIntExact(e.longValue("iterations")),
                        e.bool("converged")));
            }
            GaussianFit fit = new GaussianFit(
                    groups, List.of(), Math.toIntExact(data.longValue("epochs")), data.bool("converged"));
            return new CholeskyGaussianModel(uid, columns, grouped ? names : List.of(), fit, data.longValue("skipped"));
        });
    }

    /** @return the model saved at {@code path} */
    public static CholeskyGaussianModel load(String path) {
        return read().load(path);
    }
}
