package dev.pxelab.runtime.dhcp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** The options of one message, in wire order, at most one per code (RFC 3396 concatenates repeats). */
record DhcpOptions(List<DhcpOption> list) implements Iterable<DhcpOption> {

    public DhcpOptions {
        list = List.copyOf(list);
        for (int i = 0; i < list.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (list.get(i).code() == list.get(j).code()) {
                    throw new IllegalArgumentException("option " + list.get(i).code() + " given twice");
                }
            }
        }
    }

    public static DhcpOptions of(DhcpOption... options) {
        return new DhcpOptions(List.of(options));
    }

    public <T extends DhcpOption> Optional<T> get(Class<T> type) {
        for (DhcpOption o : list) {
            if (type.isInstance(o)) {
                return Optional.of(type.cast(o));
            }
        }
        return Optional.empty();
    }

    public Optional<DhcpOption> get(int code) {
        return list.stream().filter(o -> o.code() == code).findFirst();
    }

    public boolean has(int code) {
        return get(code).isPresent();
    }

    public DhcpOptions with(DhcpOption option) {
        List<DhcpOption> copy = new ArrayList<>(list);
        copy.removeIf(o -> o.code() == option.code());
        copy.add(option);
        return new DhcpOptions(copy);
    }

    /** Equal when the same options carry the same bytes in the same order. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DhcpOptions other) || other.list.size() != list.size()) {
            return false;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).code() != other.list.get(i).code()
                    || !Arrays.equals(list.get(i).data(), other.list.get(i).data())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return list.stream().mapToInt(DhcpOption::code).sum();
    }

    @Override
    public Iterator<DhcpOption> iterator() {
        return list.iterator();
    }
}
