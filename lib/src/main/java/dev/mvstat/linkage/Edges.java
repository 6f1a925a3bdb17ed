package dev.mvstat.linkage;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A growable list of weighted edges between points numbered 0..n-1, in parallel primitive arrays
 * (no object per edge). Edges are ordered totally by {@link #compare}: by weight, then by the
 * smaller endpoint, then by the larger, so that every minimum spanning tree computed in this
 * package, by any algorithm and any partitioning, is the same unique tree.
 */
public final class Edges implements Serializable {

    private int[] from;
    private int[] to;
    private double[] weights;
    private int size;

    /** An empty list. */
    public Edges() {
        this(16);
    }

    /** @param capacity the number of edges to make room for */
    public Edges(int capacity) {
        from = new int[Math.max(1, capacity)];
        to = new int[from.length];
        weights = new double[from.length];
    }

    /**
     * The total order on edges: weight, then smaller endpoint, then larger endpoint.
     *
     * @return negative, zero or positive as edge (u1, v1, w1) comes before, equals or follows (u2, v2, w2)
     */
    public static int compare(double w1, int u1, int v1, double w2, int u2, int v2) {
        int c = Double.compare(w1, w2);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(Math.min(u1, v1), Math.min(u2, v2));
        return c != 0 ? c : Integer.compare(Math.max(u1, v1), Math.max(u2, v2));
    }

    /** Appends the edge {u, v} of weight w. */
    public void add(int u, int v, double w) {
        if (size == from.length) {
            int capacity = 2 * size;
            from = Arrays.copyOf(from, capacity);
            to = Arrays.copyOf(to, capacity);
            weights = Arrays.copyOf(weights, capacity);
        }
        from[size] = u;
        to[size] = v;
        weights[size] = w;
        size++;
    }

    /** Appends every edge of {@code other}; {@code other} is not modified. */
    public void addAll(Edges other) {
        for (int i = 0; i < other.size; i++) {
            add(other.from[i], other.to[i], other.weights[i]);
        }
    }

    /** @return the number of edges */
    public int size() {
        return size;
    }

    /** @return the first endpoint of edge i */
    public int u(int i) {
        return from[check(i)];
    }

    /** @return the second endpoint of edge i */
    public int v(int i) {
        return to[check(i)];
    }

    /** @return the weight of edge i */
    public double weight(int i) {
        return weights[check(i)];
    }

    /** @return a copy in the total order of {@link #compare}; this list is not modified */
    public Edges sorted() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> compare(weights[a], from[a], to[a], weights[b], from[b], to[b]));
        Edges out = new Edges(size);
        for (int i : order) {
            out.add(from[i], to[i], weights[i]);
        }
        return out;
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("edge " + i + " of " + size);
        }
        return i;
    }
}
