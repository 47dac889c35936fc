package dev.pxelab.runtime.provision;

import java.util.ArrayDeque;
import java.util.List;

/** The last {@code capacity} things added: what the provisioner keeps of histories that never end. */
final class Ring<T> {

    private final int capacity;
    private final ArrayDeque<T> items = new ArrayDeque<>();

    Ring(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a ring holds at least one item, not " + capacity);
        }
        this.capacity = capacity;
    }

    void add(T item) {
        if (items.size() == capacity) {
            items.removeFirst();
        }
        items.addLast(item);
    }

    List<T> toList() {
        return List.copyOf(items);
    }

    int size() {
        return items.size();
    }
}
