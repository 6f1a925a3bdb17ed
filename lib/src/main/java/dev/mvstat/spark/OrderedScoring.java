package dev.mvstat.spark;

import dev.mvstat.mahalanobis.Whitener;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Squared Mahalanobis distances of one partition's items, computed a block at a time and handed
 * out in the items' order. Each item may use its own {@link Whitener} (one per group model): the
 * items of a block are whitened per whitener, and an item without one gets NaN.
 *
 * @param <T> the items
 * @param <R> what is emitted per item
 */
final class OrderedScoring<T, R> implements Iterator<R> {

    private final Iterator<T> items;
    private final Function<T, Whitener> whitenerOf;
    private final Function<T, double[]> valuesOf;
    private final BiFunction<T, Double, R> emit;
    private final ArrayDeque<R> ready = new ArrayDeque<>();
    /** The items of the block being scored, their whiteners and their places in those whiteners' blocks. */
    private final Object[] block = new Object[Whitener.BLOCK_ROWS];

    private final Whitener[] used = new Whitener[Whitener.BLOCK_ROWS];
    private final int[] slot = new int[Whitener.BLOCK_ROWS];

    /**
     * @param items      the partition's items
     * @param whitenerOf the whitener of an item, or null when the item is not scored
     * @param valuesOf   the values of a scored item
     * @param emit       the output for an item and its squared distance (NaN when not scored)
     */
    OrderedScoring(
            Iterator<T> items,
            Function<T, Whitener> whitenerOf,
            Function<T, double[]> valuesOf,
            BiFunction<T, Double, R> emit) {
        this.items = items;
        this.whitenerOf = whitenerOf;
        this.valuesOf = valuesOf;
        this.emit = emit;
    }

    @Override
    public boolean hasNext() {
        return !ready.isEmpty() || items.hasNext();
    }

    @Override
    public R next() {
        if (ready.isEmpty()) {
            scoreBlock();
        }
        if (ready.isEmpty()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    private void scoreBlock() {
        int n = 0;
        while (n < Whitener.BLOCK_ROWS && items.hasNext()) {
            T item = items.next();
            Whitener w = whitenerOf.apply(item);
            block[n] = item;
            used[n] = w;
            if (w != null) {
                slot[n] = w.pending();
                w.add(valuesOf.apply(item));
            }
            n++;
        }
        Map<Whitener, double[]> distances = new IdentityHashMap<>();
        for (int i = 0; i < n; i++) {
            if (used[i] != null && !distances.containsKey(used[i])) {
                double[] out = new double[Whitener.BLOCK_ROWS];
                used[i].squaredDistances(out);
                distances.put(used[i], out);
            }
        }
        for (int i = 0; i < n; i++) {
            @SuppressWarnings("unchecked")
            T item = (T) block[i];
            block[i] = null;
            ready.add(emit.apply(item, used[i] == null ? Double.NaN : distances.get(used[i])[slot[i]]));
        }
    }
}
