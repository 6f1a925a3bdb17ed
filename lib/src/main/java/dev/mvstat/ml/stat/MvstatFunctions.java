package dev.mvstat.ml.stat;

import org.apache.spark.SparkBuildInfo;
import org.apache.spark.SparkIllegalArgumentException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.execution.aggregate.ScalaAggregator$;
import org.apache.spark.sql.expressions.UserDefinedAggregator;
import org.apache.spark.sql.functions;
import scala.Option;
import scala.collection.immutable.Seq;

import java.util.Map;

/**
 * SQL aggregate functions of this library, registered in a session by {@link #register}.
 *
 * <p>{@value #COVARIANCE}{@code (x)}, where {@code x} is an ML vector (dense or sparse), an
 * {@code array<double>} or an {@code array<float>}, returns per group the struct
 * {@code count} (long: the non-null rows), {@code mean} ({@code array<double>}), {@code covariance}
 * (sample, denominator n - 1) and {@code correlation} (Pearson; a null entry where undefined, in
 * the row and column of a constant value), both {@code array<array<double>>}. The co-moments are
 * accumulated exactly as the covariance job does (pivoted blocks, Chan-Golub-LeVeque merges of the
 * partial aggregates, see {@link dev.mvstat.moments.CoMoments}), so a group's result equals the
 * job's on that group's rows up to rounding.
 * <ul>
 *   <li>Null input rows are left out, as SQL aggregates leave out nulls; a group of null rows
 *       only gives {@code count} 0 and null {@code mean}, {@code covariance} and
 *       {@code correlation}.</li>
 *   <li>A group of one row gives {@code count} 1 and its {@code mean}, with null covariance and
 *       correlation: a sample covariance needs two rows (SQL's {@code covar_samp} is null for one).</li>
 *   <li>A null element, NaN or infinity fails the query naming the column, the index and the value;
 *       a row whose length differs from its group's first fails naming both lengths; a variance
 *       that overflows double precision fails naming the value, as {@code features[3]}.</li>
 * </ul>
 * Spark merges the partial aggregates of a group in the order their shuffle blocks arrive, so two
 * runs may differ in the last bits; {@link Covariance} merges in partition order.
 *
 * <pre>{@code
 * MvstatFunctions.register(spark);
 * spark.sql("SELECT k, mvstat_covariance(features) AS c FROM t GROUP BY k");
 * df.groupBy("k").agg(MvstatFunctions.covariance(col("features")).as("c"));
 * }</pre>
 */
public final class MvstatFunctions {

    /** The SQL name of the covariance aggregate. */
    public static final String COVARIANCE = "mvstat_covariance";

    private MvstatFunctions() {}

    /**
     * Registers {@value #COVARIANCE} as a temporary function of the session (replacing one of that
     * name), for SQL text and {@link #covariance(Column)}. One name takes every input type: the
     * function's builder runs once the argument is resolved and picks the aggregator of its type.
     *
     * @param spark a classic (not Spark Connect) session
     * @throws IllegalArgumentException for a Spark Connect session
     */
    public static void register(SparkSession spark) {
        if (!(spark instanceof org.apache.spark.sql.classic.SparkSession classic)) {
            throw new IllegalArgumentException(COVARIANCE + " registers in a classic Spark session, not in "
                    + spark.getClass().getName());
        }
        classic.sessionState()
                .functionRegistry()
                .createOrReplaceTempFunction(COVARIANCE, MvstatFunctions::covarianceExpression, "scala_udf");
    }

    /**
     * The {@value #COVARIANCE} aggregate of a column, for {@code groupBy().agg(...)} or {@code select};
     * {@link #register} must have run in the session.
     *
     * @param values a vector, {@code array<double>} or {@code array<float>} column
     * @return the aggregate column (a struct, see the class documentation)
     */
    public static Column covariance(Column values) {
        return functions.call_function(COVARIANCE, values);
    }

    /**
     * The function's builder: the aggregator of the argument's type over the same accumulator.
     *
     * @throws SparkIllegalArgumentException at analysis, for another number of arguments or an unsupported type
     */
    private static Expression covarianceExpression(Seq<Expression> arguments) {
        if (arguments.size() != 1) {
            throw new SparkIllegalArgumentException(
                    "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
                    Map.of(
                            "functionName",
                            "`" + COVARIANCE + "`",
                            "expectedNum",
                            "1",
                            "actualNum",
                            String.valueOf(arguments.size()),
                            "docroot",
                            SparkBuildInfo.spark_doc_root()));
        }
        Expression argument = arguments.head();
        String name = argument instanceof NamedExpression named ? named.name() : argument.sql();
        CovarianceAggregator aggregator;
        try {
            aggregator = new CovarianceAggregator(name, argument.dataType());
        } catch (IllegalArgumentException e) {
            throw new SparkIllegalArgumentException(
                    "DATATYPE_MISMATCH.TYPE_CHECK_FAILURE_WITH_HINT",
                    Map.of(
                            "sqlExpr",
                            "\"" + COVARIANCE + "(" + argument.sql() + ")\"",
                            "msg",
                            e.getMessage(),
                            "hint",
                            ""));
        }
        UserDefinedAggregator<Row, MomentsBuffer, Row> udaf = new UserDefinedAggregator<>(
                aggregator, aggregator.inputEncoder(), Option.apply(COVARIANCE), false, true);
        return ScalaAggregator$.MODULE$.apply(udaf, arguments);
    }
}
