package dev.mvstat.linkage;

/**
 * Disjoint sets of the points 0..n-1 (Tarjan's union-find): union by size and path halving, so
 * any sequence of m operations takes O(m α(n)) time.
 */
public final class UnionFind {

    private final int[] parent;
    private final int[] size;

    /** @param n the number of points, each in a set of its own */
    public UnionFind(int n) {
        parent = new int[n];
        size = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
            size[i] = 1;
        }
    }

    /** @return the representative of the set holding point i */
    public int find(int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /**
     * Joins the sets of points a and b.
     *
     * @return the representative of the joined set, or -1 when a and b were in the same set already
     */
    public int union(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra == rb) {
            return -1;
        }
        if (size[ra] < size[rb]) {
            int t = ra;
            ra = rb;
            rb = t;
        }
        parent[rb] = ra;
        size[ra] += size[rb];
        return ra;
    }

    /** @return the number of points in the set of point i */
    public int sizeOf(int i) {
        return size[find(i)];
    }
}
