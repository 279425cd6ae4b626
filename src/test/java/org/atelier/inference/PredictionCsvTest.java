package org.atelier.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one CSV dialect and number format of predict's output, whichever runner writes it. */
class PredictionCsvTest {
    private static final float[] PROBABILITIES = {0.0000001525918f, 0, 0, 0, 0.54512024f, 0, 0, 0, 0, 0.45487961f};

    @Test
    void aQuoteIsDoubledAndAFieldWithACommaQuoteOrLineEndIsQuoted() {
        assertEquals("plain.png", PredictionCsv.field("plain.png"));
        assertEquals("\"say \"\"hi\"\".png\"", PredictionCsv.field("say \"hi\".png"));
        assertEquals("\"a,b.png\"", PredictionCsv.field("a,b.png"));
        assertEquals("\"two\nlines.png\"", PredictionCsv.field("two\nlines.png"));
        assertEquals("\"cr\r.png\"", PredictionCsv.field("cr\r.png"));
        assertEquals("", PredictionCsv.field(null));
    }

    @Test
    void probabilitiesHaveSixDecimalsAndNoExponent() {
        assertEquals("0.000000", PredictionCsv.number(1.525918E-7f));
        assertEquals("0.545120", PredictionCsv.number(0.54512024f));
        assertEquals("1.000000", PredictionCsv.number(1f));
        assertEquals("60001.png,4,Coat,0.545120,0.000000,0.000000,0.000000,0.000000,0.545120,0.000000,0.000000,0.000000,"
                + "0.000000,0.454880", PredictionCsv.row(new Prediction("60001.png", PROBABILITIES)));
    }

    @Test
    void furtherColumnsFollowAndAnUnpredictedRowHasEmptyPredictionFields() {
        assertEquals("id,label,class,probability,T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt,Sneaker,Bag,Ankle boot,"
                + "error,warning", PredictionCsv.header("error", "warning"));
        assertEquals("zero.png,,,,,,,,,,,,,,\"zero.png: empty, really\",", PredictionCsv.unpredicted("zero.png", "zero.png: empty, really", null));
        List<String> lines = PredictionCsv.of(List.of(new Prediction("a.png", PROBABILITIES), new Prediction("a.jpg", PROBABILITIES)))
                .lines().toList();
        assertEquals(3, lines.size());
        assertEquals(PredictionCsv.header(), lines.get(0));
        assertEquals(List.of("a.png", "a.jpg"), lines.subList(1, 3).stream().map(l -> l.split(",")[0]).toList());
    }
}
