package dev.mvstat.testing;

import org.apache.spark.sql.SparkSession;

/** One local Spark session shared by every test of a JVM. */
public final class SparkTestSession {

    private static SparkSession session;

    private SparkTestSession() {}

    /**
     * @return the shared session: local[2,2] (two threads; a failed task is tried again, as on a
     *         cluster), no UI, Kryo as in conf/spark-defaults.conf
     */
    public static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2,2]")
                    .appName("mvstat-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
            session.sparkContext().setLogLevel("WARN");
        }
        return session;
    }
}
