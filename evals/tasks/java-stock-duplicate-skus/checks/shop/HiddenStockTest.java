package shop;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Hidden checks: SKUs typed in any case are one SKU in the inventory, the report and sets. */
public final class HiddenStockTest {
    private static int failures = 0;

    private static void check(boolean condition, String what) {
        System.out.println((condition ? "ok   " : "FAIL ") + what);
        if (!condition) failures++;
    }

    public static void main(String[] args) {
        Inventory inventory = new Inventory();
        inventory.receive(new Sku("ab-100", "LIS"), 5);
        inventory.receive(new Sku("AB-100", "LIS"), 7);
        inventory.receive(new Sku("Ab-100", "LIS"), 1);
        inventory.receive(new Sku("ab-100", "OPO"), 2);
        inventory.receive(new Sku("zz-9", "LIS"), 3);
        inventory.receive(new Sku("zz-9", "LIS"), 3);

        check(inventory.quantity(new Sku("aB-100", "LIS")) == 13, "one SKU whatever the case of its code: 5 + 7 + 1 received, quantity " + inventory.quantity(new Sku("aB-100", "LIS")));
        check(inventory.quantity(new Sku("AB-100", "OPO")) == 2, "the other warehouse is counted apart");
        check(inventory.quantity(new Sku("ZZ-9", "LIS")) == 6, "two deliveries of the same SKU add up");

        List<Sku> skus = inventory.skus();
        check(skus.size() == 3, "three distinct SKUs in stock, got " + skus);

        String expected = "AB-100       LIS     13\nAB-100       OPO      2\nZZ-9         LIS      6\n";
        String report = StockReport.render(inventory);
        check(report.equals(expected), "the report has one line per SKU:\n" + report);

        boolean shipped;
        try {
            inventory.ship(new Sku("AB-100", "LIS"), 12);
            shipped = true;
        } catch (IllegalStateException e) {
            shipped = false;
            System.out.println("     " + e.getMessage());
        }
        check(shipped, "shipping 12 of 13 in stock works, typed in another case");
        check(inventory.quantity(new Sku("ab-100", "LIS")) == 1, "one left after shipping");
        if (inventory.quantity(new Sku("ab-100", "LIS")) == 1) inventory.ship(new Sku("ab-100", "LIS"), 1);
        check(inventory.skus().size() == 2, "a SKU shipped out entirely leaves the report");

        String[] codes = { "ab-100", "AB-100", "Ab-100", "aB-100", "x", "X", "long-code-with-letters-42", "LONG-CODE-WITH-LETTERS-42" };
        boolean consistent = true;
        for (String a : codes) {
            for (String b : codes) {
                Sku left = new Sku(a, "LIS");
                Sku right = new Sku(b, "LIS");
                if (left.equals(right) && left.hashCode() != right.hashCode()) {
                    consistent = false;
                    System.out.println("     " + a + " equals " + b + " but their hash codes differ");
                }
            }
        }
        check(consistent, "equal SKUs have equal hash codes");
        Set<Sku> set = new HashSet<>(List.of(new Sku("x", "LIS"), new Sku("X", "LIS"), new Sku("x", "OPO")));
        check(set.size() == 2, "a HashSet keeps one of each SKU");
        check(!new Sku("ab-100", "LIS").equals(new Sku("ab-101", "LIS")), "different codes are different SKUs");

        if (failures > 0) {
            System.out.println(failures + " hidden check(s) failed");
            System.exit(1);
        }
        System.out.println("all hidden checks passed");
    }
}
