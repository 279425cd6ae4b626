package org.atelier.serving;

import static org.atelier.serving.Exchanges.JSON;
import static org.atelier.serving.Exchanges.object;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.atelier.data.FashionClass;

/**
 * The bodies of the Open Inference Protocol v2 (KServe, Triton): a model's metadata, and an infer
 * request answered with probabilities or, with Triton's classification extension, the top classes
 * as "probability:index:name". Routing and HTTP stay with the server.
 */
final class OpenInferenceV2 {
    private OpenInferenceV2() {
    }

    static ObjectNode metadata(ServedModel m) {
        ObjectNode meta = object("name", m.name);
        meta.set("versions", JSON.createArrayNode().add(m.version));
        meta.put("platform", m.engine().platform());
        meta.put("architecture", m.modelName());
        meta.set("parameters", m.calibrationParameters());
        ArrayNode inputs = meta.putArray("inputs");
        inputs.addObject().put("name", "images").put("datatype", "FP32").set("shape", JSON.createArrayNode().add(-1).add(1).add(28).add(28));
        ArrayNode outputs = meta.putArray("outputs");
        outputs.addObject().put("name", "probabilities").put("datatype", "FP32").set("shape", JSON.createArrayNode().add(-1).add(10));
        ArrayNode classes = meta.putArray("classes");
        FashionClass.displayNames().forEach(classes::add);
        return meta;
    }

    static ObjectNode infer(JsonNode request, ServedModel m) {
        JsonNode inputs = request.path("inputs");
        if (!inputs.isArray() || inputs.size() != 1) {
            throw new HttpError(400, "'inputs' must be a list of one tensor: images of shape [N,1,28,28] or [N,784]");
        }
        JsonNode input = inputs.get(0);
        int count = imageCount(input.path("shape"));
        String datatype = input.path("datatype").asText("");
        if (!datatype.equals("FP32") && !datatype.equals("UINT8")) {
            throw new HttpError(400, "datatype must be FP32 (pixels in [0,1]) or UINT8 (0-255), got '" + datatype + "'");
        }
        float[] pixels = new float[count * DynamicBatcher.PIXELS];
        int filled = flatten(input.path("data"), pixels, 0, datatype.equals("UINT8"));
        if (filled != pixels.length) {
            throw new HttpError(400, "'data' holds " + filled + " values; shape " + input.path("shape") + " needs " + pixels.length);
        }
        int classification = classification(request.path("outputs"));
        float[][] probabilities = m.answer(pixels, count);
        ObjectNode response = object("model_name", m.name);
        response.put("model_version", m.version);
        if (request.has("id")) {
            response.set("id", request.get("id"));
        }
        response.set("parameters", m.calibrationParameters());
        ObjectNode output = response.putArray("outputs").addObject().put("name", "probabilities");
        if (classification > 0) {
            int k = classification;
            output.put("datatype", "BYTES").set("shape", JSON.createArrayNode().add(count).add(k));
            ArrayNode data = output.putArray("data");
            for (float[] row : probabilities) {
                for (int c : ImagePredictions.topClasses(row, k)) {
                    data.add(String.format(Locale.ROOT, "%f:%d:%s", row[c], c, FashionClass.nameOf(c)));
                }
            }
        } else {
            output.put("datatype", "FP32").set("shape", JSON.createArrayNode().add(count).add(FashionClass.COUNT));
            ArrayNode data = output.putArray("data");
            for (float[] row : probabilities) {
                for (float v : row) {
                    data.add(v);
                }
            }
        }
        return response;
    }

    /** The top K asked for by the outputs' classification parameter (Triton's extension), or 0 when none asks. */
    private static int classification(JsonNode outputs) {
        int classification = 0;
        for (JsonNode out : outputs) {
            JsonNode k = out.path("parameters").path("classification");
            if (k.isMissingNode()) {
                continue;
            }
            if (!k.isIntegralNumber() || k.asLong() < 1 || k.asLong() > FashionClass.COUNT) {
                throw new HttpError(400, "classification must be a whole number 1-" + FashionClass.COUNT + ", got " + k);
            }
            classification = Math.max(classification, k.asInt());
        }
        return classification;
    }

    private static int imageCount(JsonNode shape) {
        List<Long> dims = new ArrayList<>();
        shape.forEach(d -> dims.add(d.canConvertToLong() && d.isIntegralNumber() ? d.asLong() : -1));
        boolean nchw = dims.size() == 4 && dims.get(1) == 1 && dims.get(2) == 28 && dims.get(3) == 28;
        boolean flat = dims.size() == 2 && dims.get(1) == 784;
        if (!(nchw || flat) || dims.get(0) < 1 || dims.get(0) > ServeConfig.MAX_INFER_IMAGES) {
            throw new HttpError(400, "shape must be [N,1,28,28] or [N,784] with N from 1 to " + ServeConfig.MAX_INFER_IMAGES + ", got " + shape);
        }
        return (int) (long) dims.get(0);
    }

    /** Copies the numbers of {@code data} (flat or nested lists) into {@code pixels}; returns how many there were. */
    private static int flatten(JsonNode data, float[] pixels, int at, boolean uint8) {
        if (!data.isArray()) {
            throw new HttpError(400, "'data' must be a list of numbers");
        }
        for (JsonNode v : data) {
            if (v.isArray()) {
                at = flatten(v, pixels, at, uint8);
                continue;
            }
            if (!v.isNumber()) {
                throw new HttpError(400, "'data' must hold numbers only, found " + v);
            }
            if (at < pixels.length) {
                double x = v.asDouble();
                if (uint8 && (x < 0 || x > 255 || x != Math.rint(x))) {
                    throw new HttpError(400, "UINT8 data must be whole numbers 0-255, found " + v);
                }
                // NaN fails both comparisons; 1e39, beyond a float, would become Infinity and the answer NaN
                if (!uint8 && !(x >= 0 && x <= 1)) {
                    throw new HttpError(400, "FP32 data must be pixels in [0,1], found " + v);
                }
                pixels[at] = (float) (uint8 ? x / 255 : x);
            }
            at++;
        }
        return at;
    }
}
