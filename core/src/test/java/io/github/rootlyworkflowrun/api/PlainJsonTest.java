package io.github.rootlyworkflowrun.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plain JSON values in and out: order and nulls kept, anything JSON cannot hold refused by name. */
class PlainJsonTest {

    @Test
    void parsesIntoPlainSerialisableCollectionsInDocumentOrder() throws Exception {
        Object value =
                PlainJson.parse("{\"z\":1,\"a\":{\"list\":[true,null,2.5,\"x\"]},\"n\":null,\"big\":12345678901}");

        assertThat(value).isInstanceOf(LinkedHashMap.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        assertThat(map.keySet()).containsExactly("z", "a", "n", "big");
        assertThat(map).containsEntry("n", null).containsEntry("big", 12345678901L);
        Object list = ((Map<?, ?>) map.get("a")).get("list");
        assertThat(list).isInstanceOf(ArrayList.class);
        assertThat(list).isEqualTo(java.util.Arrays.asList(true, null, 2.5, "x"));
        // Jenkins persists contexts with the build: they must serialise without jackson-jr on the other side.
        new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(value);
    }

    @Test
    void writesNullsAndKeepsOrder() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("outcome", "CREATED");
        fields.put("run_id", null);
        fields.put("api_requests", 2);

        assertThat(PlainJson.write(fields)).isEqualTo("{\"outcome\":\"CREATED\",\"run_id\":null,\"api_requests\":2}");
    }

    @Test
    void lastDuplicateKeyWinsAsInOtherReaders() {
        assertThat(PlainJson.parse("{\"a\":1,\"a\":2}")).isEqualTo(Map.of("a", 2));
    }

    @Test
    void notJsonIsAnIllegalArgumentWithTheParsersOneLineReason() {
        assertThatThrownBy(() -> PlainJson.parse("{broken"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Unexpected character ('b'")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> PlainJson.parse("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void copyTurnsCharSequencesAndArraysIntoStringsAndLists() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("gstring", new StringBuilder("built"));
        source.put("ints", new int[] {1, 2});
        source.put("objects", new Object[] {"a", null});
        source.put("state", Thread.State.NEW);

        assertThat(PlainJson.copy(source))
                .containsEntry("gstring", "built")
                .containsEntry("ints", List.of(1, 2))
                .containsEntry("objects", java.util.Arrays.asList("a", null))
                .containsEntry("state", "NEW");
    }

    @Test
    void copyRefusesWhatJsonCannotHoldNamingTheKey() {
        assertThatThrownBy(() -> PlainJson.copy(Map.of("deploy", Map.of("when", new Object()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'deploy.when' is a java.lang.Object; use strings, numbers, booleans, lists and maps");
        assertThatThrownBy(() -> PlainJson.copy(Map.of("ratio", List.of(1.0, Double.NaN))))
                .hasMessage("'ratio[1]' is NaN, which JSON cannot hold");
    }

    @Test
    void typeNamesAreJsons() {
        assertThat(List.of(Map.of(), List.of(), "s", 1, true).stream().map(PlainJson::typeName))
                .containsExactly("object", "array", "string", "number", "boolean");
        assertThat(PlainJson.typeName(null)).isEqualTo("null");
    }
}
