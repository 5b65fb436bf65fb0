package shop;

import java.util.Locale;
import java.util.Objects;

/** A stock-keeping unit in one warehouse. Codes compare without regard to case. */
public final class Sku implements Comparable<Sku> {
    private final String code;
    private final String warehouse;

    public Sku(String code, String warehouse) {
        if (code == null || code.isBlank()) throw new IllegalArgumentException("code is required");
        if (warehouse == null || warehouse.length() != 3) throw new IllegalArgumentException("warehouse must be a three-letter code");
        this.code = code.trim();
        this.warehouse = warehouse;
    }

    public String code() {
        return code;
    }

    public String warehouse() {
        return warehouse;
    }

    /** The code as printed on labels and reports. */
    public String displayCode() {
        return code.toUpperCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) return true;
        if (!(other instanceof Sku)) return false;
        Sku sku = (Sku) other;
        return code.equalsIgnoreCase(sku.code) && warehouse.equals(sku.warehouse);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, warehouse);
    }

    @Override
    public int compareTo(Sku other) {
        int byCode = displayCode().compareTo(other.displayCode());
        return byCode != 0 ? byCode : warehouse.compareTo(other.warehouse);
    }

    @Override
    public String toString() {
        return displayCode() + " @ " + warehouse;
    }
}
