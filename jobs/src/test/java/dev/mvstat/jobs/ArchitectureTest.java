package dev.mvstat.jobs;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The dependency rules of the code base, checked on the compiled classes of the library and the
 * jobs: the math packages know nothing of Spark, the Spark layer and the ML stages nothing of the
 * jobs, the benchmarks (the only users of RDD-based MLlib) are reached only from the entry point,
 * the top-level packages form no cycle, and neither do the packages of the jobs, the entry point's
 * among them.
 */
@AnalyzeClasses(packages = "dev.mvstat", importOptions = ArchitectureTest.ProductionClasses.class)
class ArchitectureTest {

    /** The classes of the main source sets: test classes left out from directories and test jars alike. */
    static final class ProductionClasses implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return new ImportOption.DoNotIncludeTests().includes(location) && !location.contains("-tests.jar");
        }
    }

    /** The packages of plain-array mathematics. */
    private static final String[] MATH = {
        "dev.mvstat.linalg..",
        "dev.mvstat.moments..",
        "dev.mvstat.mahalanobis..",
        "dev.mvstat.gaussian..",
        "dev.mvstat.mixture..",
        "dev.mvstat.optimize..",
        "dev.mvstat.linkage..",
        "dev.mvstat.hdbscan.."
    };

    @ArchTest
    static final ArchRule mathKnowsNothingOfSpark = noClasses()
            .that()
            .resideInAnyPackage(MATH)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.apache.spark..", "scala..", "dev.mvstat.spark..", "dev.mvstat.ml..", "dev.mvstat.jobs..");

    @ArchTest
    static final ArchRule optimizersKnowNoModel = classes()
            .that()
            .resideInAPackage("dev.mvstat.optimize..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "dev.mvstat.optimize..");

    @ArchTest
    static final ArchRule linearAlgebraStandsAlone = classes()
            .that()
            .resideInAPackage("dev.mvstat.linalg..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(
                    "java..",
                    "com.sun.management..",
                    "jdk.incubator.vector..",
                    "dev.ludovic.netlib..",
                    "dev.mvstat.linalg..");

    @ArchTest
    static final ArchRule libraryKnowsNothingOfTheJobs = noClasses()
            .that()
            .resideInAnyPackage("dev.mvstat.spark..", "dev.mvstat.ml..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.mvstat.jobs..");

    @ArchTest
    static final ArchRule benchmarksAreReachedOnlyFromTheEntryPoint = noClasses()
            .that()
            .resideOutsideOfPackage("dev.mvstat.jobs.bench..")
            .and()
            .doNotHaveFullyQualifiedName(Main.class.getName())
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.mvstat.jobs.bench..");

    @ArchTest
    static final ArchRule onlyBenchmarksUseRddMllib = noClasses()
            .that()
            .resideOutsideOfPackage("dev.mvstat.jobs.bench..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.apache.spark.mllib..");

    @ArchTest
    static final ArchRule topLevelPackagesFormNoCycle =
            slices().matching("dev.mvstat.(*)..").should().beFreeOfCycles();

    /** The package of the entry point, above the jobs' other packages. */
    private static final String ROOT = Main.class.getPackageName();

    /** Each package of the jobs its own slice, {@code dev.mvstat.jobs} itself (the entry point's) among them. */
    private static final SliceAssignment JOBS_PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            if (name.equals(ROOT)) {
                return SliceIdentifier.of(ROOT);
            }
            return name.startsWith(ROOT + ".")
                    ? SliceIdentifier.of(name.substring(ROOT.length() + 1).split("\\.")[0])
                    : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of the jobs, " + ROOT + " itself one of them";
        }
    };

    @ArchTest
    static final ArchRule jobsPackagesDependOneWay =
            slices().assignedFrom(JOBS_PACKAGES).should().beFreeOfCycles();
}
