using Bulwark.Analyzers.Dependencies.Extractors.Java;

namespace Bulwark.Analyzers.Dependencies.Tests.Extractors.Java;

public class PomXmlTests
{
    private static readonly PomXml Extractor = new();

    [Fact]
    public void A_module_inherits_properties_managed_versions_and_dependencies_from_its_parent_in_the_tree()
    {
        var result = TestData.Extract(Extractor, "java/pomxml/valid/multi/app/pom.xml", "java/pomxml/valid/multi");

        Assert.Empty(result.Failures());
        Assert.Equal(
            ["com.fasterxml.jackson.core:jackson-databind@2.15.2", "com.google.guava:guava@32.1.2-jre", "org.apache.logging.log4j:log4j-core@2.17.1",
             "org.junit.jupiter:junit-jupiter@5.10.0", "org.xerial.snappy:snappy-java@1.1.10.5"],
            result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
        Assert.Equal("pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1", result.Single("org.apache.logging.log4j:log4j-core").Purl);
        Assert.All(result.Components, c => Assert.Equal("Maven", c.Ecosystem));
    }

    [Fact]
    public void Test_scope_is_development_optional_is_optional_and_modules_of_the_build_are_not_listed()
    {
        var result = TestData.Extract(Extractor, "java/pomxml/valid/multi/app/pom.xml", "java/pomxml/valid/multi");

        Assert.True(result.Single("org.junit.jupiter:junit-jupiter").IsDevelopment);
        Assert.True(result.Single("org.xerial.snappy:snappy-java").IsOptional);
        Assert.False(result.Has("com.example:shop-core"));
        Assert.All(result.Components, c => Assert.True(c.IsDirect));
    }

    [Fact]
    public void Plugin_dependencies_are_not_listed()
    {
        var result = TestData.Extract(Extractor, "java/pomxml/valid/multi/pom.xml", "java/pomxml/valid/multi");

        Assert.Equal("2.14.1", result.Single("org.apache.logging.log4j:log4j-core").Version);
        Assert.False(result.Has("org.ow2.asm:asm"));
    }

    [Fact]
    public void Versions_from_a_parent_outside_the_tree_are_listed_without_a_version_with_a_warning_naming_the_line()
    {
        var result = TestData.Extract(Extractor, "java/pomxml/invalid/remote-parent/pom.xml");

        Assert.Null(result.Single("org.springframework.boot:spring-boot-starter-web").Version);
        Assert.Null(result.Single("org.webjars:bootstrap").Version);
        Assert.Equal("2.2.224", result.Single("com.h2database:h2").Version);
        Assert.Contains(result.Notes, n => n.Level == Core.WarningLevel.Warning && n.Line == 14
            && n.Message.Contains("parent org.springframework.boot:spring-boot-starter-parent:3.2.0, which is not in the scanned tree", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.Level == Core.WarningLevel.Warning && n.Line == 18 && n.Message.Contains("${webjars.version}", StringComparison.Ordinal));
    }

    [Fact]
    public void Malformed_xml_is_a_warning_with_its_line()
    {
        var result = TestData.Extract(Extractor, "java/pomxml/invalid/malformed/pom.xml");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Notes, n => n.Line is 8);
    }
}

public class GradleLockfileTests
{
    private static readonly GradleLockfile Extractor = new();

    [Theory]
    [InlineData("gradle.lockfile", true)]
    [InlineData("android/buildscript-gradle.lockfile", true)]
    [InlineData("settings-gradle.lockfile", true)]
    [InlineData("gradle/dependency-locks/compileClasspath.lockfile", true)]
    [InlineData("build.gradle", false)]
    public void Wants_gradle_lockfiles(string path, bool wanted) => Assert.Equal(wanted, Extractor.FileRequired(path));

    [Fact]
    public void Each_locked_coordinate_is_a_component_and_test_only_ones_are_development()
    {
        var result = TestData.Extract(Extractor, "java/gradlelockfile/valid/gradle.lockfile");

        Assert.Empty(result.Failures());
        Assert.Equal(5, result.Components.Count);
        Assert.True(result.Single("junit:junit").IsDevelopment);
        Assert.False(result.Single("com.google.code.gson:gson").IsDevelopment);
        Assert.Equal(2, result.Components.Count(c => c.Name == "com.google.guava:guava"));
    }

    [Fact]
    public void A_bad_line_is_a_warning_with_its_number()
    {
        var result = TestData.Extract(Extractor, "java/gradlelockfile/invalid/gradle.lockfile");

        Assert.Single(result.Components);
        Assert.Contains(result.Notes, n => n.Line == 3);
    }
}

public class GradleVerificationMetadataTests
{
    [Fact]
    public void Every_verified_component_is_listed()
    {
        var result = TestData.Extract(new GradleVerificationMetadata(), "java/gradleverificationmetadata/valid/gradle/verification-metadata.xml", "java/gradleverificationmetadata/valid");

        Assert.Equal(["com.google.code.gson:gson@2.10.1", "org.apache.logging.log4j:log4j-core@2.17.1"], result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
    }
}
