package org.rectifier.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every notebook under {@code notebooks/} executes headlessly from top to bottom in the
 * project's Jupyter kernel, with this module's classes on its classpath: no cell fails and every
 * cell tagged {@code chart} leaves an image. The project's own scripts install what is missing
 * (Debian's Jupyter packages, the kernel jar from Maven Central); on a machine where they cannot,
 * the test fails with what is missing, never passes silently. The saved outputs, executed and
 * committed, name no absolute path of the machine that ran them.
 */
class NotebooksTest {

  private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();
  private static final Path TARGET = ROOT.resolve("notebooks/target");
  /** The Python run-notebooks.sh uses: Debian's, which has nbformat. */
  private static final String PYTHON =
      System.getenv().getOrDefault("NOTEBOOK_PYTHON", "/usr/bin/python3");

  @Test
  void everyNotebookRunsFromTopToBottomAndDrawsItsCharts() throws Exception {
    List<Path> notebooks;
    try (Stream<Path> files = Files.list(ROOT.resolve("notebooks"))) {
      notebooks = files.filter(p -> p.toString().endsWith(".ipynb")).sorted()
          .collect(Collectors.toList());
    }
    assertTrue(notebooks.size() >= 3, "notebooks found: " + notebooks);
    Path jupyterDir = TARGET.resolve("jupyter-test");
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    run("install the kernel", 15, "bash", "notebooks/install-kernel.sh", "--classpath", classpath,
        "--jupyter-dir", jupyterDir.toString());
    run("execute the notebooks", 40, "bash", "notebooks/run-notebooks.sh", "--jupyter-dir",
        jupyterDir.toString());

    // run-notebooks.sh checked each executed copy; check again here what the test promises.
    for (Path source : notebooks) {
      Path executed = TARGET.resolve("executed").resolve(source.getFileName());
      assertTrue(Files.isRegularFile(executed), "no executed copy of " + source);
      String json = Files.readString(executed, StandardCharsets.UTF_8);
      int charts = count(Files.readString(source, StandardCharsets.UTF_8), "\"chart\"");
      assertTrue(charts > 0, source + " has no cell tagged chart");
      assertEquals(charts, count(json, "\"image/png\""),
          source.getFileName() + ": images in the executed copy vs cells tagged chart");
      assertEquals(0, count(json, "\"output_type\": \"error\""), source + " has an error output");
    }
    // The committed copies too: they are what readers see, and what a run elsewhere left.
    List<String> check = new ArrayList<>(List.of(PYTHON, "notebooks/check_notebook.py"));
    notebooks.forEach(n -> check.add(ROOT.relativize(n).toString()));
    run("check the committed notebooks", 2, check.toArray(new String[0]));
    checkRefusesAbsolutePaths();
  }

  /** The path check above could fail: a planted output with a machine's path fails it. */
  private static void checkRefusesAbsolutePaths() throws IOException, InterruptedException {
    Path planted = TARGET.resolve("planted-path.ipynb");
    for (String path : new String[] {"/tmp/rectifier-x/model", ROOT + "/conf",
        "/work/elsewhere/conf"}) {
      Files.writeString(planted, "{\"cells\": [{\"cell_type\": \"code\","
          + " \"execution_count\": 1, \"id\": \"c1\", \"metadata\": {}, \"outputs\": [{\"name\":"
          + " \"stdout\", \"output_type\": \"stream\", \"text\": [\"saved to " + path + "\\n\"]}],"
          + " \"source\": [\"save()\"]}], \"metadata\": {}, \"nbformat\": 4,"
          + " \"nbformat_minor\": 5}", StandardCharsets.UTF_8);
      Process p = new ProcessBuilder(PYTHON, "notebooks/check_notebook.py", planted.toString())
          .directory(ROOT.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(1, TimeUnit.MINUTES));
      assertEquals(1, p.exitValue(), out);
      assertTrue(out.contains("an output names the absolute path " + path), out);
    }
  }

  private static int count(String text, String needle) {
    Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static void run(String what, int minutes, String... command)
      throws IOException, InterruptedException {
    Files.createDirectories(TARGET);
    File log = TARGET.resolve(what.replace(' ', '-') + ".log").toFile();
    Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(ROOT.toFile())
        .redirectErrorStream(true).redirectOutput(log).start();
    if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail(what + ": still running after " + minutes + " minutes; output in " + log);
    }
    if (p.exitValue() != 0) {
      List<String> lines = Files.readAllLines(log.toPath(), StandardCharsets.UTF_8);
      String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
      fail(what + " failed (exit " + p.exitValue() + "); last lines of " + log + ":\n" + tail);
    }
  }
}
