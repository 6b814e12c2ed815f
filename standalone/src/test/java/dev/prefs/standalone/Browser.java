package dev.prefs.standalone;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven by Selenium, for the web
 * pages' tests. Without the browser the tests are skipped, saying how to install it.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("prefs.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("prefs.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    private final String base;

    private Browser(ChromeDriver driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    /** Skips the calling test (and only it) when this machine has no Chromium. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Browser tests skipped: no " + CHROMIUM + " or " + CHROMEDRIVER + ". Install Debian's Chromium and "
                + "its driver (as root: apt-get install -y chromium chromium-driver); .ci/run does so.");
    }

    static Browser open(int port, Path profile, int width) {
        assumeInstalled();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath(),
                "--window-size=" + width + ",1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, 1000));
        return new Browser(driver, "http://localhost:" + port);
    }

    void go(String path) {
        driver.get(base + path);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits (with a deadline) until an element matches and shows {@code text}; answers it. */
    WebElement awaitText(String css, String text) {
        await("'" + text + "' in " + css).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> all(css).stream().anyMatch(e -> e.getText().contains(text)));
        return all(css).stream().filter(e -> e.getText().contains(text)).findFirst().orElseThrow();
    }

    void awaitPresent(String css) {
        await(css).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> !all(css).isEmpty());
    }

    /** Types the token into the page's token field, as a person pasting it would. */
    void giveToken(String token) {
        awaitPresent("#token");
        find("#token").sendKeys(token);
        find("#token-form button[type=submit]").click();
    }

    /** Answers the page's open confirmation dialog with its confirming button. */
    void confirm() {
        awaitPresent("dialog.prefs-confirm[open] button.danger");
        find("dialog.prefs-confirm[open] button.danger").click();
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** axe-core's violations of impact serious or critical on the page as it is now. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> seriousAccessibilityViolations() {
        script(axeSource());
        Object result = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']})
                   .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                       .map(v => ({id: v.id, impact: v.impact, help: v.help,
                                   nodes: v.nodes.map(n => n.target.join(' ')).join(', ')}))))
                   .catch(e => done([{id: 'axe-failed', help: String(e)}]));""");
        return (List<Map<String, Object>>) result;
    }

    private static String axeSource() {
        try (InputStream in = Browser.class.getResourceAsStream(
                "/META-INF/resources/webjars/axe-core/" + axeVersion() + "/axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe-core's webjar is not on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String axeVersion() {
        try (InputStream in = Browser.class.getResourceAsStream(
                "/META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
            java.util.Properties properties = new java.util.Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves what the page looks like now as target/screenshots/{name}.png. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
