package dev.mvstat.jobs;

/** Versions recorded in outputs. */
final class Versions {

    private Versions() {
    }

    /** @return the library version from the job jar's manifest, or "dev" when run from classes */
    static String library() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
