package dev.mvstat.ml.persist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The fitted state of a model as a JSON object that names its format and version, with typed
 * accessors that reject missing or malformed entries with "expected X, actual Y" messages naming
 * the entry. Doubles are written in their shortest round-trip form, so a saved and loaded model
 * holds bit-identical values.
 */
public final class ModelData {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ObjectNode node;
    /** Where in the content this object sits ("" at the top, else the entry and ": "), for messages. */
    private final String context;

    private ModelData(ObjectNode node, String context) {
        this.node = node;
        this.context = context;
    }

    /**
     * @param format  the format's name
     * @param version its version
     * @return empty content of that format
     */
    public static ModelData create(String format, int version) {
        ModelData data = new ModelData(MAPPER.createObjectNode(), "");
        data.node.put("format", format).put("version", version);
        return data;
    }

    /** @return empty content for an entry of a list */
    public static ModelData entry() {
        return new ModelData(MAPPER.createObjectNode(), "");
    }

    /**
     * @param text    saved content
     * @param format  the format expected
     * @param version the only version understood
     * @return the content
     * @throws IllegalArgumentException if the text is not JSON, or names another format or version
     */
    static ModelData parse(String text, String format, int version) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        if (!(root instanceof ObjectNode object)) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        ModelData data = new ModelData(object, "");
        String actualFormat = data.string("format");
        if (!actualFormat.equals(format)) {
            throw new IllegalArgumentException("expected format '" + format + "', actual '" + actualFormat + "'");
        }
        long actualVersion = data.longValue("version");
        if (actualVersion != version) {
            throw new IllegalArgumentException("unknown format version " + actualVersion + ", expected " + version);
        }
        return data;
    }

    /** @return the content as JSON text */
    String json() {
        return node.toString();
    }

    /** Sets a number. @return this */
    public ModelData put(String name, double value) {
        node.put(name, value);
        return this;
    }

    /** Sets a whole number. @return this */
    public ModelData put(String name, long value) {
        node.put(name, value);
        return this;
    }

    /** Sets a truth value. @return this */
    public ModelData put(String name, boolean value) {
        node.put(name, value);
        return this;
    }

    /** Sets a text. @return this */
    public ModelData put(String name, String value) {
        node.put(name, value);
        return this;
    }

    /** Sets an array of numbers. @return this */
    public ModelData put(String name, double[] values) {
        ArrayNode array = node.putArray(name);
        for (double v : values) {
            array.add(v);
        }
        return this;
    }

    /** Sets an array of texts. @return this */
    public ModelData put(String name, List<String> values) {
        ArrayNode array = node.putArray(name);
        values.forEach(array::add);
        return this;
    }

    /** Sets a list of entries (see {@link #entry()}). @return this */
    public ModelData putEntries(String name, List<ModelData> entries) {
        ArrayNode array = node.putArray(name);
        entries.forEach(e -> array.add(e.node));
        return this;
    }

    /** @return the named finite number */
    public double number(String name) {
        JsonNode v = required(name);
        if (!v.isNumber()) {
            throw malformed(name, "a number", v);
        }
        return v.doubleValue();
    }

    /** @return the named whole number */
    public long longValue(String name) {
        JsonNode v = required(name);
        if (!v.isIntegralNumber()) {
            throw malformed(name, "a whole number", v);
        }
        return v.longValue();
    }

    /** @return the named truth value */
    public boolean bool(String name) {
        JsonNode v = required(name);
        if (!v.isBoolean()) {
            throw malformed(name, "true or false", v);
        }
        return v.booleanValue();
    }

    /** @return the named text */
    public String string(String name) {
        JsonNode v = required(name);
        if (!v.isTextual()) {
            throw malformed(name, "a text", v);
        }
        return v.textValue();
    }

    /**
     * @param name   the entry
     * @param length the number of values expected
     * @return the named array of numbers
     */
    public double[] doubles(String name, int length) {
        JsonNode v = array(name, length);
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            if (!v.get(i).isNumber()) {
                throw malformed(name + "[" + i + "]", "a number", v.get(i));
            }
            values[i] = v.get(i).doubleValue();
        }
        return values;
    }

    /** @return the named array of texts, of any length */
    public List<String> strings(String name) {
        JsonNode v = array(name, -1);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw malformed(name + "[" + i + "]", "a text", v.get(i));
            }
            values.add(v.get(i).textValue());
        }
        return values;
    }

    /** @return the named list of entries */
    public List<ModelData> entries(String name) {
        JsonNode v = array(name, -1);
        List<ModelData> entries = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!(v.get(i) instanceof ObjectNode object)) {
                throw malformed(name + "[" + i + "]", "an object", v.get(i));
            }
            entries.add(new ModelData(object, context + name + "[" + i + "]: "));
        }
        return entries;
    }

    private JsonNode array(String name, int length) {
        JsonNode v = required(name);
        if (!v.isArray()) {
            throw malformed(name, "an array", v);
        }
        if (length >= 0 && v.size() != length) {
            throw new IllegalArgumentException(
                    context + "expected " + length + " values in '" + name + "', actual " + v.size());
        }
        return v;
    }

    private JsonNode required(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(context + "missing '" + name + "'");
        }
        return v;
    }

    private IllegalArgumentException malformed(String name, String expected, JsonNode actual) {
        String text = actual.toString();
        return new IllegalArgumentException(context + "expected " + expected + " for '" + name + "', actual "
                + (text.length() > 40 ? text.substring(0, 40) + "..." : text));
    }
}
