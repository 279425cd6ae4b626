package org.atelier.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.atelier.data.FashionClass;
import org.atelier.inference.BatchPredictionProvider;
import org.atelier.util.ClusterSettings;
import org.atelier.util.UserException;

/**
 * `predict --runner spark`: every file under a folder tree (Spark's binaryFile source) or every row
 * of a Parquet table of (id, bytes), predicted by Spark tasks, written as Parquet or CSV with
 * predict's columns and an error column. Spark commits the output folder whole or not at all.
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
            Dataset<Row> input = read(spark, request.input());
            SparkSessions.say(log, "predicting %s on Spark (master %s, %d cores per task) with %s", request.input(),
                    settings.master(), SparkSessions.taskCpus(settings), request.run());
            Dataset<Row> predicted = input.mapPartitions(new PredictPartition(request.run().toAbsolutePath().toString(),
                    settings.device(), request.background(), request.tta().id()), Encoders.row(schema()));
            predicted.write().mode(SaveMode.ErrorIfExists).format(request.format()).option("header", "true").save(request.output());
            double seconds = (System.nanoTime() - start) / 1e9;
            Dataset<Row> written = spark.read().format(request.format()).option("header", "true").load(request.output());
            Row counts = written.agg(functions.count(functions.when(functions.col(ERROR).isNull(), 1)),
                    functions.count(functions.when(functions.col(ERROR).isNotNull(), 1)),
                    functions.count(functions.when(functions.col(WARNING).isNotNull(), 1))).first();
            return new Summary(counts.getLong(0), counts.getLong(1), counts.getLong(2), seconds);
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

    /** (id, bytes) rows: a Parquet table as it is, or the files under a folder with their path below it as id. */
    static Dataset<Row> read(SparkSession spark, String input) {
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
                return table.select(functions.col("id").cast(DataTypes.StringType), functions.col("bytes"));
            }
            String prefix = fs.makeQualified(root).toString() + "/";
            return spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(input)
                    .select(functions.regexp_replace(functions.col("path"), "^" + java.util.regex.Pattern.quote(prefix), "").as("id"),
                            functions.col("content").as("bytes"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + input + ": " + e.getMessage(), e);
        }
    }
}
