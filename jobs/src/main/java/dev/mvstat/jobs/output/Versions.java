package dev.mvstat.jobs.output;

/** Versions recorded in outputs. */
public final class Versions {

    private Versions() {}

    /** @return the library version from the job jar's manifest, or "dev" when run from classes */
    public static String library() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
