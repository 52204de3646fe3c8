package dev.shortener;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package graph of the service's own classes (bytecode, so fully qualified names count too):
 * boot above the features, the features above the web layer, the web layer above infrastructure,
 * and no package cycle anywhere. A new package must be named in one of the layers below.
 */
@AnalyzeClasses(packages = "dev.shortener", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  static final String[] BOOT = {"dev.shortener", "dev.shortener.devmode..", "dev.shortener.cli.."};
  static final String[] FEATURES = {
    "dev.shortener.users..", "dev.shortener.urls..", "dev.shortener.events..", "dev.shortener.redirect..",
    "dev.shortener.clicks..", "dev.shortener.stats..", "dev.shortener.health..", "dev.shortener.docs..",
    "dev.shortener.accounts..", "dev.shortener.ui..", "dev.shortener.qr..",
    "dev.shortener.imports..", "dev.shortener.exports..", "dev.shortener.webhooks.."
  };
  static final String[] WEB = {"dev.shortener.http.."};
  static final String[] INFRASTRUCTURE = {
    "dev.shortener.db..", "dev.shortener.cache..", "dev.shortener.observability..", "dev.shortener.validation..",
    "dev.shortener.config..", "dev.shortener.errors..", "dev.shortener.ratelimit..", "dev.shortener.analytics.."
  };

  @ArchTest
  static final ArchRule noPackageCycles = slices().matching("dev.shortener.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule layersOnlyLookDown = layeredArchitecture()
      .consideringOnlyDependenciesInLayers()
      .layer("Boot").definedBy(BOOT)
      .layer("Features").definedBy(FEATURES)
      .layer("Web").definedBy(WEB)
      .layer("Infrastructure").definedBy(INFRASTRUCTURE)
      .whereLayer("Boot").mayNotBeAccessedByAnyLayer()
      .whereLayer("Features").mayOnlyBeAccessedByLayers("Boot")
      .whereLayer("Web").mayOnlyBeAccessedByLayers("Boot", "Features")
      .whereLayer("Infrastructure").mayOnlyBeAccessedByLayers("Boot", "Features", "Web");

  /** The lowest packages: what every layer may use, so they use nothing of ours but each other's values. */
  @ArchTest
  static final ArchRule errorsAndConfigAreLeaves = com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
      .that().resideInAnyPackage("dev.shortener.errors..", "dev.shortener.config..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "dev.shortener", "dev.shortener.devmode..", "dev.shortener.cli..", "dev.shortener.accounts..",
          "dev.shortener.ratelimit..", "dev.shortener.users..", "dev.shortener.urls..",
          "dev.shortener.events..", "dev.shortener.redirect..", "dev.shortener.clicks..", "dev.shortener.stats..", "dev.shortener.health..",
          "dev.shortener.docs..", "dev.shortener.imports..", "dev.shortener.exports..", "dev.shortener.webhooks..",
          "dev.shortener.http..", "dev.shortener.db..", "dev.shortener.cache..",
          "dev.shortener.observability..", "dev.shortener.validation..");

  /** Every main class lives in a package the layers name, so a new package cannot slip past the rules. */
  @ArchTest
  static final ArchRule everyPackageHasALayer = com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
      .should().resideInAnyPackage(concat(BOOT, FEATURES, WEB, INFRASTRUCTURE));

  private static String[] concat(String[]... groups) {
    return java.util.Arrays.stream(groups).flatMap(java.util.Arrays::stream).toArray(String[]::new);
  }
}
