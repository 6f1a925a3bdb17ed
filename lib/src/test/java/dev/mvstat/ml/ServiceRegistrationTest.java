package dev.mvstat.ml;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Transformer;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** META-INF/services registers every stage, instantiable, as Spark Connect ML discovers third-party stages. */
class ServiceRegistrationTest {

    /**
     * @return the classes of this library's registered stages, each instantiated through its
     *         no-argument constructor (Spark's own models are registered too, but instantiate only
     *         inside Spark Connect)
     */
    private static Set<Class<?>> instances(Class<?> service) {
        return ServiceLoader.load(service).stream()
                .filter(p -> p.type().getPackageName().startsWith("dev.mvstat"))
                .map(p -> p.get().getClass())
                .collect(Collectors.toSet());
    }

    @Test
    void serviceLoaderFindsEveryEstimator() {
        Set<Class<?>> found = instances(Estimator.class);
        assertTrue(
                found.containsAll(Set.of(
                        MahalanobisOutlierDetector.class,
                        SingleLinkage.class,
                        CholeskyGaussian.class,
                        CholeskyGaussianMixture.class)),
                found.toString());
    }

    @Test
    void serviceLoaderFindsEveryModel() {
        Set<Class<?>> found = instances(Transformer.class);
        assertTrue(
                found.containsAll(Set.of(
                        MahalanobisOutlierModel.class,
                        SingleLinkageModel.class,
                        CholeskyGaussianModel.class,
                        CholeskyGaussianMixtureModel.class)),
                found.toString());
    }
}
