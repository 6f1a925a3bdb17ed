package dev.mvstat.linkage;

/**
 * The k smallest of the values offered, kept as a binary max-heap in a slice of an array, so that
 * many such sets share one array (Williams 1964): the largest kept is at the slice's start.
 */
final class SmallestValues {

    private SmallestValues() {}

    /**
     * Offers a value to the heap at {@code heaps[offset, offset + size)} of capacity k.
     *
     * @return the heap's new size
     */
    static int offer(double[] heaps, int offset, int size, int k, double value) {
        if (size < k) {
            int i = size;
            while (i > 0 && heaps[offset + ((i - 1) >>> 1)] < value) {
                heaps[offset + i] = heaps[offset + ((i - 1) >>> 1)];
                i = (i - 1) >>> 1;
            }
            heaps[offset + i] = value;
            return size + 1;
        }
        if (value < heaps[offset]) {
            int i = 0;
            while (2 * i + 1 < size) {
                int child = 2 * i + 1;
                if (child + 1 < size && heaps[offset + child + 1] > heaps[offset + child]) {
                    child++;
                }
                if (heaps[offset + child] <= value) {
                    break;
                }
                heaps[offset + i] = heaps[offset + child];
                i = child;
            }
            heaps[offset + i] = value;
        }
        return size;
    }
}
