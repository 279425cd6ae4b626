package org.atelier.data;

import java.util.List;

/** The ten Fashion-MNIST classes, in label order. The one place class names are defined. */
public enum FashionClass {
    T_SHIRT_TOP("T-shirt/top"),
    TROUSER("Trouser"),
    PULLOVER("Pullover"),
    DRESS("Dress"),
    COAT("Coat"),
    SANDAL("Sandal"),
    SHIRT("Shirt"),
    SNEAKER("Sneaker"),
    BAG("Bag"),
    ANKLE_BOOT("Ankle boot");

    public static final int COUNT = 10;

    private final String displayName;

    FashionClass(String displayName) {
        this.displayName = displayName;
    }

    public int label() {
        return ordinal();
    }

    public String displayName() {
        return displayName;
    }

    public static FashionClass of(int label) {
        if (label < 0 || label >= COUNT) {
            throw new IllegalArgumentException("label out of range 0-9: " + label);
        }
        return values()[label];
    }

    public static String nameOf(int label) {
        return of(label).displayName;
    }

    public static List<String> displayNames() {
        return List.of(values()).stream().map(FashionClass::displayName).toList();
    }
}
