package dev.nudge.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that a state class follows Flink's POJO rules as this project uses them, without depending on Flink:
 * public, public no-arg constructor, every field public or with a public getter and setter, and field types
 * limited to primitives, boxed primitives, String, enums, and interface-typed List/Map of those or of such POJOs.
 * A class that breaks them would silently fall back to Kryo in keyed state.
 */
public final class FlinkPojoShape {

    private static final Set<Class<?>> BASIC = Set.of(String.class, Boolean.class, Integer.class, Long.class,
            Double.class, Float.class, Short.class, Byte.class, Character.class);

    private FlinkPojoShape() {
    }

    public static void assertFlinkPojo(Class<?> type) {
        assertThat(Modifier.isPublic(type.getModifiers())).as("%s is public", type).isTrue();
        assertThat(type.isRecord()).as("%s is not a record", type).isFalse();
        assertThat(type.getEnclosingClass()).as("%s is top-level", type).isNull();
        try {
            assertThat(Modifier.isPublic(type.getConstructor().getModifiers())).isTrue();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(type + " lacks a public no-arg constructor", e);
        }
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) || Modifier.isTransient(field.getModifiers())) {
                continue;
            }
            if (!Modifier.isPublic(field.getModifiers())) {
                assertAccessors(type, field);
            }
            assertAllowedType(field.getGenericType(), type + "." + field.getName());
        }
    }

    private static void assertAccessors(Class<?> type, Field field) {
        String property = Character.toUpperCase(field.getName().charAt(0)) + field.getName().substring(1);
        String getterPrefix = field.getType() == boolean.class ? "is" : "get";
        try {
            Method getter = type.getMethod(getterPrefix + property);
            assertThat(getter.getGenericReturnType()).as("getter of %s", field).isEqualTo(field.getGenericType());
            type.getMethod("set" + property, field.getType());
        } catch (NoSuchMethodException e) {
            throw new AssertionError(field + " is private without a public getter and setter", e);
        }
    }

    private static void assertAllowedType(Type type, String where) {
        if (type instanceof ParameterizedType parameterized) {
            Type raw = parameterized.getRawType();
            assertThat(raw == List.class || raw == Map.class).as("%s: only List/Map are generic, got %s", where, raw)
                    .isTrue();
            if (raw == Map.class) {
                assertThat(parameterized.getActualTypeArguments()[0]).as("%s: map keys", where).isEqualTo(String.class);
            }
            for (Type argument : parameterized.getActualTypeArguments()) {
                assertAllowedType(argument, where);
            }
            return;
        }
        assertThat(type).as("%s: collections must be typed as List/Map", where).isInstanceOf(Class.class);
        Class<?> plain = (Class<?>) type;
        if (plain.isPrimitive() || BASIC.contains(plain) || plain.isEnum()) {
            return;
        }
        assertThat(plain.getPackageName()).as("%s: %s is neither basic nor one of our POJOs", where, plain)
                .startsWith("dev.nudge.domain");
        assertFlinkPojo(plain);
    }
}
