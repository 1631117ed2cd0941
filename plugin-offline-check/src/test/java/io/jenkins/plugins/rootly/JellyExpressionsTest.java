package io.jenkins.plugins.rootly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Every {@code ${...}} in the plugin's Jelly views, parsed as Stapler parses it when a controller compiles the view: a
 * {@code ${%key(arg, ...)}} is a localised message whose arguments (whatever follows the first '(') are each an
 * expression, and every expression goes to JEXL 1.1, the language Jelly's JexlExpressionFactory uses. A view that
 * fails here answers 500 in Jenkins ("Unable to create expression"), as the freestyle config page once did.
 */
class JellyExpressionsTest {
    private static final Path RESOURCES = Path.of(System.getProperty("plugin.resources"));

    @Test
    void everyExpressionInEveryJellyViewParses() throws Exception {
        List<Path> views;
        try (Stream<Path> s = Files.walk(RESOURCES)) {
            views = s.filter(p -> p.toString().endsWith(".jelly")).sorted().toList();
        }
        assertThat(views).hasSizeGreaterThanOrEqualTo(6);
        List<String> problems = new ArrayList<>();
        int expressions = 0;
        for (Path view : views) {
            for (String text : texts(view)) {
                for (String expression : expressions(text)) {
                    expressions++;
                    try {
                        parse(expression);
                    } catch (Exception e) {
                        problems.add(RESOURCES.relativize(view) + ": ${" + expression + "}: " + e.getMessage());
                    }
                }
            }
        }
        assertThat(problems).as("expressions Stapler would refuse").isEmpty();
        assertThat(expressions).isGreaterThan(30);
    }

    @Test
    void theParserRefusesWhatAControllerRefused() throws Exception {
        assertThatThrownBy(() -> parse("%Context (JSON object)"))
                .hasMessageStartingWith("Unable to create expression: JSON object");
        assertThatThrownBy(() -> parse("%Runs (of ${it.count}")).hasMessageContaining("missing ')'");
        parse("%Context as a JSON object");
        parse("%Runs of(it.count, it.name)");
        parse("r.statusMessage != null");
    }

    /** One expression, Stapler's way: a localised key with optional arguments, or a plain JEXL expression. */
    static void parse(String expression) throws Exception {
        if (!expression.startsWith("%")) {
            jexl(expression);
            return;
        }
        String text = expression.substring(1);
        int open = text.indexOf('(');
        if (open < 0) {
            return; // a key only
        }
        text = text.substring(open + 1);
        while (!text.isEmpty()) {
            String argument = argument(text, expression);
            jexl(argument);
            text = text.substring(argument.length() + 1);
        }
    }

    /**
     * Parses one expression with JEXL 1.1's own parser. Apache's ExpressionFactory only warns when the text holds more
     * than one statement ("JSON object" is two) and keeps the first; the JEXL that Jenkins ships refuses it, which is
     * the "Unable to create expression: JSON object" a controller answered. So more than one statement fails here.
     */
    private static void jexl(String expression) {
        String text = expression.strip();
        org.apache.commons.jexl.parser.SimpleNode tree;
        try {
            tree = new org.apache.commons.jexl.parser.Parser(new java.io.StringReader(";"))
                    .parse(new java.io.StringReader(text.endsWith(";") ? text : text + ";"));
            org.apache.commons.jexl.ExpressionFactory.createExpression(expression);
        } catch (Exception e) {
            throw new IllegalArgumentException(
                    "Unable to create expression: " + expression + " (" + e.getMessage() + ")", e);
        }
        if (tree.jjtGetNumChildren() != 1) {
            throw new IllegalArgumentException("Unable to create expression: " + expression + " (it is "
                    + tree.jjtGetNumChildren() + " statements, not one expression)");
        }
    }

    /** The first argument of "arg, arg)": up to a ',' or ')' outside brackets and quotes. */
    private static String argument(String text, String expression) {
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case ',' -> {
                    if (depth == 0) {
                        return text.substring(0, i);
                    }
                }
                case '(', '{', '[' -> depth++;
                case ')' -> {
                    if (depth == 0) {
                        return text.substring(0, i);
                    }
                    depth--;
                }
                case '}', ']' -> depth--;
                case '"', '\'' -> {
                    int close = text.indexOf(c, i + 1);
                    i = close < 0 ? text.length() : close;
                }
                default -> {}
            }
        }
        throw new IllegalArgumentException("%" + expression.substring(1) + " is missing ')' at the end");
    }

    /** The bodies of the ${...} in a text, with nested braces and quoted strings kept whole. */
    static List<String> expressions(String text) {
        List<String> found = new ArrayList<>();
        int at = text.indexOf("${");
        while (at >= 0) {
            int depth = 0;
            int end = -1;
            char quote = 0;
            for (int i = at + 2; i < text.length() && end < 0; i++) {
                char c = text.charAt(i);
                if (quote != 0) {
                    quote = c == quote ? 0 : quote;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    if (depth == 0) {
                        end = i;
                    } else {
                        depth--;
                    }
                }
            }
            if (end < 0) {
                found.add(text.substring(at + 2)); // unterminated: let the parser say what is wrong
                break;
            }
            found.add(text.substring(at + 2, end));
            at = text.indexOf("${", end);
        }
        return found;
    }

    /** Every attribute value and text node of a view. */
    private static List<String> texts(Path view) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(view.toFile());
        List<String> texts = new ArrayList<>();
        collect(doc.getDocumentElement(), texts);
        return texts;
    }

    private static void collect(Node node, List<String> texts) throws IOException {
        NamedNodeMap attributes = node.getAttributes();
        if (attributes != null) {
            for (int i = 0; i < attributes.getLength(); i++) {
                texts.add(attributes.item(i).getNodeValue());
            }
        }
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.TEXT_NODE) {
                texts.add(child.getNodeValue());
            } else if (child.getNodeType() == Node.ELEMENT_NODE) {
                collect(child, texts);
            }
        }
    }
}
