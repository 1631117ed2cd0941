package io.github.rootlyworkflowrun.apisurface;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public API of a set of compiled classes as stable, sorted text, one line per type and member, in the spirit of
 * OkHttp's {@code .api} files: what another module can see and link against (public and protected types, fields,
 * constructors and methods, with generic signatures and the values of compile-time constants), and nothing else.
 */
final class ApiDump {
    private ApiDump() {}

    /** The API of every class under {@code root} (a classes directory or a jar's root), loaded with {@code loader}. */
    static String of(Path root, ClassLoader loader) {
        TreeMap<String, List<String>> types = new TreeMap<>();
        for (String name : classNames(root)) {
            Class<?> type;
            try {
                type = Class.forName(name, false, loader);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("cannot load " + name + " from " + root, e);
            }
            if (isApi(type)) {
                types.put(type.getName(), describe(type));
            }
        }
        StringBuilder b = new StringBuilder();
        types.values().forEach(lines -> {
            lines.forEach(line -> b.append(line).append('\n'));
            b.append('\n');
        });
        return b.toString();
    }

    private static List<String> classNames(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> root.relativize(p).toString())
                    .filter(n -> !n.endsWith("module-info.class") && !n.endsWith("package-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length())
                            .replace(root.getFileSystem().getSeparator(), "."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Visible outside its package: public or protected, and so is every class it is nested in. */
    private static boolean isApi(Class<?> type) {
        if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
            return false;
        }
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            int m = t.getModifiers();
            if (!(Modifier.isPublic(m) || Modifier.isProtected(m) && t.getDeclaringClass() != null)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> describe(Class<?> type) {
        List<String> members = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            if (visible(f.getModifiers()) && !f.isSynthetic()) {
                members.add(modifiers(f.getModifiers(), false) + name(f.getGenericType()) + " " + f.getName()
                        + constant(f));
            }
        }
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (visible(c.getModifiers()) && !c.isSynthetic()) {
                members.add(modifiers(c.getModifiers(), false)
                        + typeParameters(c.getTypeParameters())
                        + type.getSimpleName()
                        + signature(c));
            }
        }
        for (Method m : type.getDeclaredMethods()) {
            if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                members.add(modifiers(m.getModifiers(), m.isDefault()) + typeParameters(m.getTypeParameters())
                        + name(m.getGenericReturnType()) + " " + m.getName() + signature(m));
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(header(type));
        members.stream().sorted().map(m -> "  " + m).forEach(lines::add);
        return lines;
    }

    private static String header(Class<?> type) {
        int m = type.getModifiers();
        String kind;
        if (type.isAnnotation()) {
            kind = "@interface";
        } else if (type.isInterface()) {
            kind = "interface";
        } else if (type.isEnum()) {
            kind = "enum";
        } else if (type.isRecord()) {
            kind = "record";
        } else {
            kind = "class";
        }
        StringBuilder b = new StringBuilder();
        b.append(Modifier.isPublic(m) ? "public " : "protected ");
        if (Modifier.isStatic(m) && type.getDeclaringClass() != null && kind.equals("class")) {
            b.append("static ");
        }
        if (Modifier.isAbstract(m) && kind.equals("class")) {
            b.append("abstract ");
        }
        if (Modifier.isFinal(m) && kind.equals("class")) {
            b.append("final ");
        }
        if (type.isSealed()) {
            b.append("sealed ");
        }
        b.append(kind).append(' ').append(type.getName()).append(typeParameters(type.getTypeParameters()));
        Type superclass = type.getGenericSuperclass();
        if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
            b.append(" extends ").append(name(superclass));
        }
        Type[] interfaces = type.getGenericInterfaces();
        if (interfaces.length > 0 && !type.isAnnotation()) {
            b.append(type.isInterface() ? " extends " : " implements ")
                    .append(Arrays.stream(interfaces).map(ApiDump::name).collect(Collectors.joining(", ")));
        }
        return b.toString();
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    /** Only the modifiers that change what a caller may do: visibility, static, abstract, default, final. */
    private static String modifiers(int m, boolean isDefault) {
        StringBuilder b = new StringBuilder(Modifier.isPublic(m) ? "public " : "protected ");
        if (Modifier.isStatic(m)) {
            b.append("static ");
        }
        if (Modifier.isAbstract(m)) {
            b.append("abstract ");
        }
        if (isDefault) {
            b.append("default ");
        }
        if (Modifier.isFinal(m)) {
            b.append("final ");
        }
        return b.toString();
    }

    private static String signature(Executable e) {
        Type[] params = e.getGenericParameterTypes();
        // Inner-class and enum constructors may report synthetic leading parameters only in their erased form.
        if (params.length != e.getParameterCount()) {
            params = e.getParameterTypes();
        }
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < params.length; i++) {
            String p = name(params[i]);
            shown.add(e.isVarArgs() && i == params.length - 1 ? p.substring(0, p.length() - 2) + "..." : p);
        }
        String throwsClause = e.getGenericExceptionTypes().length == 0
                ? ""
                : " throws "
                        + Arrays.stream(e.getGenericExceptionTypes())
                                .map(ApiDump::name)
                                .collect(Collectors.joining(", "));
        return "(" + String.join(", ", shown) + ")" + throwsClause;
    }

    private static String typeParameters(TypeVariable<?>[] variables) {
        if (variables.length == 0) {
            return "";
        }
        return Arrays.stream(variables)
                        .map(v -> {
                            List<String> bounds = Arrays.stream(v.getBounds())
                                    .filter(t -> t != Object.class)
                                    .map(ApiDump::name)
                                    .toList();
                            return v.getName() + (bounds.isEmpty() ? "" : " extends " + String.join(" & ", bounds));
                        })
                        .collect(Collectors.joining(", ", "<", ">"))
                + (variables[0].getGenericDeclaration() instanceof Class<?> ? "" : " ");
    }

    private static String name(Type type) {
        return type.getTypeName();
    }

    /** A compile-time constant is copied into its callers, so its value is part of the API. */
    private static String constant(Field f) {
        int m = f.getModifiers();
        if (!Modifier.isStatic(m)
                || !Modifier.isFinal(m)
                || !(f.getType().isPrimitive() || f.getType() == String.class)) {
            return "";
        }
        try {
            f.setAccessible(true);
            Object value = f.get(null);
            return " = " + (value instanceof String s ? '"' + s + '"' : String.valueOf(value));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "";
        }
    }
}
