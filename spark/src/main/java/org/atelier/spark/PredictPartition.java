package org.atelier.spark;

import ai.djl.ndarray.NDManager;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.atelier.data.FashionClass;
import org.atelier.evaluation.Calibration;
import org.atelier.inference.ImagePreprocessor;
import org.atelier.models.Classifier;
import org.atelier.models.TestTimeAugmentation;
import org.atelier.run.TrainedModel;
import org.atelier.util.UserException;

/**
 * Predicts one partition of (id, bytes) rows, a batch of images at a time, through a classifier of
 * this task's own on the executor's one loaded network. An input that is not a readable image
 * becomes a row with its reason in {@code error} and no prediction; it never fails the task. A
 * blank picture is predicted and flagged in {@code warning}, as single-process predict warns.
 */
final class PredictPartition implements MapPartitionsFunction<Row, Row> {
    /** Images per forward pass. */
    static final int BATCH = 256;
    /** Positions in a row, read from the output's schema rather than counted again here. */
    private static final int COLUMNS = SparkBatchPrediction.schema().size();
    private static final int ERROR_COLUMN = SparkBatchPrediction.schema().fieldIndex(SparkBatchPrediction.ERROR);
    private static final int WARNING_COLUMN = SparkBatchPrediction.schema().fieldIndex(SparkBatchPrediction.WARNING);

    private final String run;
    private final String device;
    private final ImagePreprocessor.Background background;
    private final String tta;
    /** The run's fitted temperature to calibrate with, as single-process predict does; null for the network's own. */
    private final Double temperature;

    PredictPartition(String run, String device, ImagePreprocessor.Background background, String tta, Double temperature) {
        this.run = run;
        this.device = device;
        this.background = background;
        this.tta = tta;
        this.temperature = temperature;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        ExecutorSide.useTaskCpus();
        TrainedModel model = ExecutorSide.model(run, device);
        NDManager scope = model.newScope();
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) context -> scope.close());
        }
        Classifier classifier = model.classifier(scope);
        ImagePreprocessor preprocessor = new ImagePreprocessor(background);
        TestTimeAugmentation views = TestTimeAugmentation.byName(tta);
        return new Iterator<>() {
            private final ArrayDeque<Row> ready = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                if (ready.isEmpty() && input.hasNext()) {
                    ready.addAll(predictBatch(input, preprocessor, classifier, views, temperature));
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.removeFirst();
            }
        };
    }

    /** The next batch of the partition, predicted, in input order. */
    static List<Row> predictBatch(Iterator<Row> input, ImagePreprocessor preprocessor, Classifier classifier,
                                  TestTimeAugmentation views, Double temperature) {
        int perImage = ImagePreprocessor.SIZE * ImagePreprocessor.SIZE;
        List<String> ids = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        float[] pixels = new float[BATCH * perImage];
        int images = 0;
        int[] slot = new int[BATCH];
        while (ids.size() < BATCH && input.hasNext()) {
            Row row = input.next();
            String id = row.getString(0);
            ids.add(id);
            try {
                byte[] bytes = row.isNullAt(1) ? null : (byte[]) row.get(1);
                if (bytes == null) {
                    throw new UserException(id + ": no bytes");
                }
                float[] image = preprocessor.load(bytes, id);
                System.arraycopy(image, 0, pixels, images * perImage, perImage);
                slot[ids.size() - 1] = images++;
                errors.add(null);
                warnings.add(ImagePreprocessor.isBlank(image) ? ImagePreprocessor.BLANK_WARNING : null);
            } catch (UserException | OutOfMemoryError e) {
                slot[ids.size() - 1] = -1;
                errors.add(e.getMessage());
                warnings.add(null);
            }
        }
        float[][] probabilities = images == 0 ? new float[0][]
                : classifier.probabilities(pixels, images, ImagePreprocessor.SIZE, ImagePreprocessor.SIZE, views);
        if (temperature != null) {
            probabilities = Calibration.withTemperature(probabilities, temperature);
        }
        List<Row> rows = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            Object[] values = new Object[COLUMNS];
            values[0] = ids.get(i);
            if (slot[i] >= 0) {
                float[] p = probabilities[slot[i]];
                int label = Classifier.argMax(p);
                values[1] = label;
                values[2] = FashionClass.nameOf(label);
                values[3] = p[label];
                for (int c = 0; c < FashionClass.COUNT; c++) {
                    values[4 + c] = p[c];
                }
                values[WARNING_COLUMN] = warnings.get(i);
            } else {
                values[ERROR_COLUMN] = errors.get(i);
            }
            rows.add(RowFactory.create(values));
        }
        return rows;
    }
}
