package org.atelier.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.atelier.data.FashionClass;
import org.atelier.inference.BatchPredictionProvider;
import org.atelier.inference.InputFolders;
import org.atelier.inference.PredictionCsv;
import org.atelier.util.ClusterSettings;
import org.atelier.util.UserException;

/**
 * `predict --runner spark`: the images of a folder (as {@link InputFolders} says, read by Spark's
 * binaryFile source) or every row of a Parquet table of (id, bytes), predicted by Spark tasks,
 * written as Parquet or as predict's CSV ({@link PredictionCsv}) with predict's columns, an error
 * and a warning column. Spark commits the output folder whole or not at all.
 */
public final class SparkBatchPrediction implements BatchPredictionProvider {
    static final String ERROR = "error";
    static final String WARNING = "warning";
    static final String OPEN_COST = "spark.sql.files.openCostInBytes";
    static final long SMALL_FILE_OPEN_COST = 8192;

    @Override
    public String name() {
        return "spark";
    }

    /**
     * id, label, class, probability, the ten class probabilities: predict's columns; error: why an
     * input could not be read; warning: what predict warns of (a blank picture).
     */
    static StructType schema() {
        List<StructField> fields = new ArrayList<>(List.of(
                DataTypes.createStructField("id", DataTypes.StringType, false),
                DataTypes.createStructField("label", DataTypes.IntegerType, true),
                DataTypes.createStructField("class", DataTypes.StringType, true),
                DataTypes.createStructField("probability", DataTypes.FloatType, true)));
        for (String name : FashionClass.displayNames()) {
            fields.add(DataTypes.createStructField(name, DataTypes.FloatType, true));
        }
        fields.add(DataTypes.createStructField(ERROR, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(WARNING, DataTypes.StringType, true));
        return DataTypes.createStructType(fields);
    }

    @Override
    public Summary predict(Request request, ClusterSettings settings, PrintWriter log) {
        long start = System.nanoTime();
        SparkSession spark = SparkSessions.start("atelier predict", settings);
        try {
            if (!settings.conf().containsKey(OPEN_COST)) {
                // Spark counts each file as 4 MB when it packs files into partitions: 28x28 PNGs of about 4 KB
                // came 32 to a task, and scheduling 1,875 tasks took most of the time for 60,000 of them.
                spark.conf().set(OPEN_COST, SMALL_FILE_OPEN_COST);
            }
            Input input = read(spark, request.input());
            Path output = new Path(request.output());
            FileSystem outputFs = output.getFileSystem(spark.sparkContext().hadoopConfiguration());
            checkWritable(outputFs, output, request.output());
            SparkSessions.say(log, "predicting %s on Spark (master %s, %d cores per task) with %s", request.input(),
                    settings.master(), SparkSessions.taskCpus(settings), request.run());
            Dataset<Row> predicted = input.rows().mapPartitions(new PredictPartition(request.run().toAbsolutePath().toString(),
                    settings.device(), request.background(), request.tta().id(), request.temperature()), Encoders.row(schema()));
            Dataset<Row> written;
            try {
                written = write(spark, predicted, request.format(), outputFs, output);
            } catch (Exception e) {
                throw unwritable(e, outputFs.makeQualified(output).toUri().getPath(), request.output());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Row counts = written.agg(functions.count(functions.when(functions.col(ERROR).isNull(), 1)),
                    functions.count(functions.when(functions.col(ERROR).isNotNull(), 1)),
                    functions.count(functions.when(functions.col(WARNING).isNotNull(), 1))).first();
            return new Summary(counts.getLong(0), counts.getLong(1), counts.getLong(2), input.subfolders(), seconds);
        } catch (Exception e) {
            // Spark's AnalysisException (a path that exists already, say) is checked to Java but declared nowhere.
            if (e instanceof AnalysisException analysis) {
                throw new UserException(analysis.getSimpleMessage());
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        } finally {
            spark.stop();
        }
    }

    /**
     * Writes the predictions, then reads back what was written. CSV goes out as text lines that
     * {@link PredictionCsv} makes, so that it is byte for byte the dialect and number format of
     * single-process predict; Spark's own CSV writer escapes quotes with a backslash and writes
     * floats in full. Text part files end in .txt, renamed to .csv once the folder is committed.
     */
    private static Dataset<Row> write(SparkSession spark, Dataset<Row> predicted, String format, FileSystem fs, Path output)
            throws IOException {
        if (!format.equals("csv")) {
            predicted.write().mode(SaveMode.ErrorIfExists).format(format).save(output.toString());
            return spark.read().format(format).load(output.toString());
        }
        predicted.mapPartitions(new CsvLines(), Encoders.STRING()).write().mode(SaveMode.ErrorIfExists).text(output.toString());
        FileStatus[] parts = fs.globStatus(new Path(output, "part-*.txt"));
        for (FileStatus part : parts == null ? new FileStatus[0] : parts) {
            String name = part.getPath().getName();
            fs.rename(part.getPath(), new Path(output, name.substring(0, name.length() - ".txt".length()) + ".csv"));
        }
        return spark.read().option("header", "true").option("escape", "\"").option("multiLine", "true").csv(output.toString());
    }

    /** One partition's predictions as CSV lines, led by the header (each part file is a CSV of its own). */
    static final class CsvLines implements org.apache.spark.api.java.function.MapPartitionsFunction<Row, String> {
        private static final int ERROR_COLUMN = schema().fieldIndex(ERROR);
        private static final int WARNING_COLUMN = schema().fieldIndex(WARNING);

        @Override
        public java.util.Iterator<String> call(java.util.Iterator<Row> rows) {
            if (!rows.hasNext()) {
                return java.util.Collections.emptyIterator();
            }
            return new java.util.Iterator<>() {
                private boolean headerGiven;

                @Override
                public boolean hasNext() {
                    return !headerGiven || rows.hasNext();
                }

                @Override
                public String next() {
                    if (!headerGiven) {
                        headerGiven = true;
                        return PredictionCsv.header(ERROR, WARNING);
                    }
                    return line(rows.next());
                }
            };
        }

        static String line(Row row) {
            String id = row.getString(0);
            if (!row.isNullAt(ERROR_COLUMN)) {
                return PredictionCsv.unpredicted(id, row.getString(ERROR_COLUMN), null);
            }
            float[] p = new float[FashionClass.COUNT];
            for (int c = 0; c < p.length; c++) {
                p[c] = row.getFloat(4 + c);
            }
            return PredictionCsv.row(new org.atelier.inference.Prediction(id, p), null, row.isNullAt(WARNING_COLUMN) ? null
                    : row.getString(WARNING_COLUMN));
        }
    }

    /**
     * Refuses an output that exists or cannot be made before any image is read: made once and
     * removed, as the job's commit would make it, so a read-only place or /proc is one line now
     * rather than a failed job and its stack trace later.
     */
    static void checkWritable(FileSystem fs, Path output, String given) {
        try {
            if (fs.exists(output)) {
                throw new UserException(given + " already exists: --output names a folder to create");
            }
            if (!fs.mkdirs(output)) {
                throw new UserException("cannot write " + given + ": cannot create a folder there");
            }
            fs.delete(output, true);
        } catch (IOException e) {
            throw new UserException("cannot write " + given + ": " + UserException.reason(e));
        }
    }

    /**
     * A job that failed on a file system error under the output folder (a disk that filled up, a
     * folder made read-only midway) as one line; any other failure as it is.
     */
    private static RuntimeException unwritable(Exception e, String outputPath, String given) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io && io.getMessage() != null && io.getMessage().contains(outputPath)) {
                return new UserException("cannot write " + given + ": " + UserException.reason(io), e);
            }
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }

    /** The rows to predict, and how many subfolders of the input folder were left alone. */
    record Input(Dataset<Row> rows, long subfolders) {}

    private static final StructType INPUT = DataTypes.createStructType(List.of(
            DataTypes.createStructField("id", DataTypes.StringType, false),
            DataTypes.createStructField("bytes", DataTypes.BinaryType, true)));

    /**
     * (id, bytes) rows: a Parquet table as it is, or the images directly in a folder (or one image
     * file) with their file name as id. The folder is listed here, one level, rather than by Spark,
     * whose recursive listing follows a symbolic link back up the tree until the OS gives up.
     */
    static Input read(SparkSession spark, String input) {
        Path root = new Path(input);
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(root)) {
                throw new UserException(input + ": no such file or folder");
            }
            FileStatus[] parquet = fs.globStatus(new Path(root, "*.parquet"));
            if (input.endsWith(".parquet") || (parquet != null && parquet.length > 0)) {
                Dataset<Row> table = spark.read().parquet(input);
                List<String> columns = Arrays.asList(table.columns());
                if (!columns.contains("id") || !columns.contains("bytes")) {
                    throw new UserException(input + ": a Parquet input needs the columns id and bytes, has " + columns);
                }
                return new Input(table.select(functions.col("id").cast(DataTypes.StringType), functions.col("bytes")), 0);
            }
            FileStatus given = fs.getFileStatus(root);
            FileStatus[] listing = given.isDirectory() ? fs.listStatus(root) : new FileStatus[] {given};
            List<String> images = new ArrayList<>();
            List<Row> empty = new ArrayList<>();
            long subfolders = 0;
            for (FileStatus entry : listing) {
                String name = entry.getPath().getName();
                if (entry.isDirectory()) {
                    subfolders++;
                } else if (InputFolders.isImageName(name) && entry.getLen() == 0) {
                    empty.add(RowFactory.create(name, new byte[0]));
                } else if (InputFolders.isImageName(name)) {
                    images.add(globEscaped(entry.getPath().toString()));
                }
            }
            if (images.isEmpty() && empty.isEmpty()) {
                throw new UserException(InputFolders.noImages(input, subfolders));
            }
            // Spark's file sources drop empty files before any task sees them: listed here, they come back as
            // rows of no bytes, and so as rows with an error, as single-process predict reports them.
            Dataset<Row> rows = spark.createDataFrame(empty, INPUT);
            if (!images.isEmpty()) {
                rows = spark.read().format("binaryFile").load(images.toArray(String[]::new))
                        .select(functions.substring_index(functions.col("path"), "/", -1).as("id"), functions.col("content").as("bytes"))
                        .unionByName(rows);
            }
            return new Input(rows, subfolders);
        } catch (IOException e) {
            throw new UserException("cannot read " + input + ": " + UserException.reason(e), e);
        }
    }

    private static final Pattern GLOB_CHARACTERS = Pattern.compile("[\\\\{}\\[\\]*?]");

    /** A path Spark's load takes literally: it would expand a file named a[1].png as a pattern. */
    static String globEscaped(String path) {
        return GLOB_CHARACTERS.matcher(path).replaceAll(m -> Matcher.quoteReplacement("\\" + m.group()));
    }
}
