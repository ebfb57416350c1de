using System.IO.Compression;
using Bulwark.Core;
using Bulwark.Core.Inventory;
using Bulwark.Scanning;

namespace Bulwark.Analyzers.Dependencies.Tests.Licenses;

/// <summary>
/// Licences from installed packages, through a real scan: fixture trees copied from testdata/licenses (real
/// package.json, METADATA and nuspec files) into a temporary root, with node_modules and virtualenvs in place.
/// </summary>
public sealed class InstalledLicensesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bulwark-lic-").FullName;
    private readonly string _outside = Directory.CreateTempSubdirectory("bulwark-lic-outside-").FullName;

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private void NpmProject(string directory = "")
    {
        var project = Path.Combine(_root, directory);
        Directory.CreateDirectory(project);
        File.Copy(Path.Combine(TestData.Root, "licenses", "npm", "package.json"), Path.Combine(project, "package.json"));
        File.Copy(Path.Combine(TestData.Root, "licenses", "npm", "package-lock.json"), Path.Combine(project, "package-lock.json"));
        Copy(Path.Combine(TestData.Root, "licenses", "npm", "installed"), Path.Combine(project, "node_modules"));
    }

    private ScanResult Scan(string? nugetPackages = "", Dictionary<string, string>? caches = null)
    {
        // Every cache of this machine off unless the test names one: results must not depend on what is installed here.
        var options = new Dictionary<string, string>
        {
            ["dependencies.cargo-registry"] = string.Empty,
            ["dependencies.go-mod-cache"] = string.Empty,
            ["dependencies.maven-repository"] = string.Empty,
            ["dependencies.gradle-modules"] = string.Empty,
        };
        foreach (var (name, folder) in caches ?? [])
        {
            options["dependencies." + name] = folder;
        }

        if (nugetPackages is not null)
        {
            options["dependencies.nuget-packages"] = nugetPackages;
        }

        var settings = new ScanSettings { Root = _root, Offline = true, Options = options };
        var runner = new ScanRunner([DependenciesAnalyzerRegistration.Create(settings)]);
        return runner.Run(new ScanOptions { Settings = settings }, ToolInfo.Bulwark("test"));
    }

    private static string? LicenseOf(ScanResult result, string name, string version) =>
        Assert.Single(result.Components, c => c.Name == name && c.Version == version).Licenses.SingleOrDefault();

    [Fact]
    public void Npm_licences_come_from_node_modules_beside_the_lockfile_matched_by_name_and_version()
    {
        NpmProject("web");

        var result = Scan();

        Assert.Equal("BSD-3-Clause", LicenseOf(result, "diff", "8.0.4"));
        Assert.Equal("Apache-2.0", LicenseOf(result, "@sigstore/core", "3.2.1"));
        // The hoisted and the nested copy of one package at two versions: each its own manifest.
        Assert.Equal("BlueOak-1.0.0", LicenseOf(result, "minipass", "7.1.3"));
        Assert.Equal("ISC", LicenseOf(result, "minipass", "3.3.6"));
        // Legacy "licenses": [{ "type": "Apache 2.0" }], normalised to SPDX.
        Assert.Equal("Apache-2.0", LicenseOf(result, "qrcode-terminal", "0.12.0"));
        // The lockfile's own licence is kept.
        Assert.Equal("CC0-1.0", LicenseOf(result, "spdx-license-ids", "3.0.23"));
        Assert.Contains(result.Warnings, w => w.Path == "web/node_modules" && w.Level == WarningLevel.Info && w.Message.Contains("7 installed package manifest", StringComparison.Ordinal));
    }

    [Fact]
    public void A_package_installed_at_another_version_gives_no_licence()
    {
        NpmProject();
        var manifest = Path.Combine(_root, "node_modules", "diff", "package.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"version\": \"8.0.4\"", "\"version\": \"7.0.0\"", StringComparison.Ordinal));

        var result = Scan();

        Assert.Null(LicenseOf(result, "diff", "8.0.4"));
        Assert.Equal("BlueOak-1.0.0", LicenseOf(result, "minipass", "7.1.3"));
    }

    [Fact]
    public void Links_are_never_followed_so_nothing_outside_the_root_is_read()
    {
        NpmProject();
        Directory.Delete(Path.Combine(_root, "node_modules", "diff"), recursive: true);
        Directory.CreateDirectory(Path.Combine(_outside, "diff"));
        File.WriteAllText(Path.Combine(_outside, "diff", "package.json"), """{ "name": "diff", "version": "8.0.4", "license": "MIT" }""");
        Directory.CreateSymbolicLink(Path.Combine(_root, "node_modules", "diff"), Path.Combine(_outside, "diff"));

        var result = Scan();

        Assert.Null(LicenseOf(result, "diff", "8.0.4"));
        Assert.Equal("Apache-2.0", LicenseOf(result, "@sigstore/core", "3.2.1"));
    }

    [Fact]
    public void A_node_modules_that_is_itself_a_link_out_of_the_root_is_not_read()
    {
        File.Copy(Path.Combine(TestData.Root, "licenses", "npm", "package.json"), Path.Combine(_root, "package.json"));
        File.Copy(Path.Combine(TestData.Root, "licenses", "npm", "package-lock.json"), Path.Combine(_root, "package-lock.json"));
        Copy(Path.Combine(TestData.Root, "licenses", "npm", "installed"), Path.Combine(_outside, "node_modules"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "node_modules"), Path.Combine(_outside, "node_modules"));

        var result = Scan();

        Assert.All(result.Components.Where(c => c.Name != "spdx-license-ids"), c => Assert.Empty(c.Licenses));
    }

    [Fact]
    public void Yarn_workspaces_unhoisted_packages_are_read_from_the_workspace_node_modules()
    {
        File.WriteAllText(Path.Combine(_root, "package.json"), """{ "private": true, "workspaces": ["packages/*"], "dependencies": { "@sigstore/core": "^3.2.1" } }""");
        Directory.CreateDirectory(Path.Combine(_root, "packages", "app"));
        File.WriteAllText(Path.Combine(_root, "packages", "app", "package.json"), """{ "name": "app", "version": "1.0.0", "dependencies": { "diff": "^8.0.4", "minipass": "^3.3.6" } }""");
        File.WriteAllText(Path.Combine(_root, "yarn.lock"), """
            # THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.
            # yarn lockfile v1


            "@sigstore/core@^3.2.1":
              version "3.2.1"
              resolved "https://registry.yarnpkg.com/@sigstore/core/-/core-3.2.1.tgz"

            diff@^8.0.4:
              version "8.0.4"
              resolved "https://registry.yarnpkg.com/diff/-/diff-8.0.4.tgz"

            minipass@^3.3.6:
              version "3.3.6"
              resolved "https://registry.yarnpkg.com/minipass/-/minipass-3.3.6.tgz"
            """);
        var installed = Path.Combine(TestData.Root, "licenses", "npm", "installed");
        Copy(Path.Combine(installed, "@sigstore"), Path.Combine(_root, "node_modules", "@sigstore"));
        Copy(Path.Combine(installed, "diff"), Path.Combine(_root, "packages", "app", "node_modules", "diff"));
        Copy(Path.Combine(installed, "minipass-pipeline", "node_modules", "minipass"), Path.Combine(_root, "packages", "app", "node_modules", "minipass"));

        var result = Scan();

        Assert.Equal("Apache-2.0", LicenseOf(result, "@sigstore/core", "3.2.1"));
        Assert.Equal("BSD-3-Clause", LicenseOf(result, "diff", "8.0.4"));
        Assert.Equal("ISC", LicenseOf(result, "minipass", "3.3.6"));
        Assert.Contains(result.Warnings, w => w.Path == "packages/app/node_modules" && w.Level == WarningLevel.Info);
    }

    [Fact]
    public void Pnpm_store_layout_is_read_through_its_real_folders()
    {
        File.Copy(Path.Combine(TestData.Root, "licenses", "npm", "package-lock.json"), Path.Combine(_root, "package-lock.json"));
        File.Copy(Path.Combine(TestData.Root, "licenses", "npm", "package.json"), Path.Combine(_root, "package.json"));
        var store = Path.Combine(_root, "node_modules", ".pnpm", "diff@8.0.4", "node_modules", "diff");
        Directory.CreateDirectory(store);
        File.Copy(Path.Combine(TestData.Root, "licenses", "npm", "installed", "diff", "package.json"), Path.Combine(store, "package.json"));
        var scoped = Path.Combine(_root, "node_modules", ".pnpm", "@sigstore+core@3.2.1", "node_modules", "@sigstore", "core");
        Directory.CreateDirectory(scoped);
        File.Copy(Path.Combine(TestData.Root, "licenses", "npm", "installed", "@sigstore", "core", "package.json"), Path.Combine(scoped, "package.json"));
        // pnpm links the direct dependencies at the top; the link is skipped, the store entry is read.
        Directory.CreateSymbolicLink(Path.Combine(_root, "node_modules", "diff"), store);

        var result = Scan();

        Assert.Equal("BSD-3-Clause", LicenseOf(result, "diff", "8.0.4"));
        Assert.Equal("Apache-2.0", LicenseOf(result, "@sigstore/core", "3.2.1"));
    }

    [Fact]
    public void A_malformed_package_json_is_counted_and_the_others_still_read()
    {
        NpmProject();
        File.WriteAllText(Path.Combine(_root, "node_modules", "diff", "package.json"), "{ \"name\": \"diff\", ");

        var result = Scan();

        Assert.Null(LicenseOf(result, "diff", "8.0.4"));
        Assert.Equal("Apache-2.0", LicenseOf(result, "@sigstore/core", "3.2.1"));
        Assert.Contains(result.Warnings, w => w.Path == "node_modules" && w.Level == WarningLevel.Warning && w.Message.Contains("1 manifest(s) could not be read", StringComparison.Ordinal));
    }

    [Fact]
    public void Python_licences_come_from_the_virtualenv_beside_the_requirements()
    {
        Directory.CreateDirectory(Path.Combine(_root, "svc"));
        File.Copy(Path.Combine(TestData.Root, "licenses", "python", "requirements.txt"), Path.Combine(_root, "svc", "requirements.txt"));
        var venv = Path.Combine(_root, "svc", ".venv");
        Directory.CreateDirectory(venv);
        File.WriteAllText(Path.Combine(venv, "pyvenv.cfg"), "home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.2\n");
        Copy(Path.Combine(TestData.Root, "licenses", "python", "venv-site"), Path.Combine(venv, "lib", "python3.11", "site-packages"));

        var result = Scan();

        Assert.Equal("MIT", LicenseOf(result, "PyYAML", "6.0"));
        Assert.Equal("BSD-3-Clause OR Apache-2.0", LicenseOf(result, "cryptography", "38.0.4"));
        Assert.Equal("Apache-2.0", LicenseOf(result, "distro", "1.8.0"));
        Assert.Equal("MIT", LicenseOf(result, "blinker", "1.5"));
        // No License field: the two trove classifiers are a choice between families.
        Assert.Equal("Apache Software License OR BSD License", LicenseOf(result, "packaging", "23.0"));
        // egg-info PKG-INFO: "Expat (MIT/X11)" and "GPLv2".
        Assert.Equal("MIT", LicenseOf(result, "dbus-python", "1.3.2"));
        Assert.Equal("GPL-2.0-only", LicenseOf(result, "perf", "0.1"));
    }

    [Fact]
    public void NuGet_licences_come_from_the_nuspecs_of_the_global_packages_folder()
    {
        File.WriteAllText(Path.Combine(_root, "packages.config"), """
            <?xml version="1.0" encoding="utf-8"?>
            <packages>
              <package id="Newtonsoft.Json" version="13.0.3" targetFramework="net48" />
              <package id="Microsoft.Extensions.Logging" version="2.1.1" targetFramework="net48" />
              <package id="CommandLineParser" version="2.9.1" targetFramework="net48" />
              <package id="xunit.abstractions" version="2.0.3" targetFramework="net48" developmentDependency="true" />
              <package id="Not.Restored" version="1.0.0" targetFramework="net48" />
            </packages>
            """);

        var result = Scan(Path.Combine(TestData.Root, "licenses", "nuget-packages"));

        Assert.Equal("MIT", LicenseOf(result, "Newtonsoft.Json", "13.0.3"));
        Assert.Equal("SEE LICENSE IN License.md", LicenseOf(result, "CommandLineParser", "2.9.1"));
        // licenseUrl only: kept as written, it names no licence Bulwark knows.
        Assert.Equal("https://raw.githubusercontent.com/aspnet/Home/2.0.0/LICENSE.txt", LicenseOf(result, "Microsoft.Extensions.Logging", "2.1.1"));
        Assert.Null(LicenseOf(result, "Not.Restored", "1.0.0"));
        Assert.Contains(result.Warnings, w => w.Level == WarningLevel.Info && w.Message.Contains("licences of 4 NuGet package(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_packages_folder_NuGet_components_have_no_licence()
    {
        File.WriteAllText(Path.Combine(_root, "packages.config"), """<packages><package id="Newtonsoft.Json" version="13.0.3" /></packages>""");

        var result = Scan(nugetPackages: string.Empty);

        Assert.Null(LicenseOf(result, "Newtonsoft.Json", "13.0.3"));
    }

    private static string Licenses(string relative) => Path.Combine(TestData.Root, "licenses", relative);

    [Fact]
    public void Go_licences_are_identified_from_the_licence_files_of_the_module_cache()
    {
        File.Copy(Licenses("go.mod.fixture"), Path.Combine(_root, "go.mod"));

        var result = Scan(caches: new() { ["go-mod-cache"] = Licenses("go-mod") });

        Assert.Equal("ISC", LicenseOf(result, "github.com/davecgh/go-spew", "1.1.1"));
        // Upper case in a module path is escaped in the cache: github.com/!burnt!sushi/toml; the file is COPYING.
        Assert.Equal("MIT", LicenseOf(result, "github.com/BurntSushi/toml", "1.3.2"));
        Assert.Equal("Apache-2.0", LicenseOf(result, "github.com/spf13/cobra", "1.8.0"));
        Assert.Equal("MPL-2.0", LicenseOf(result, "github.com/hashicorp/go-version", "1.6.0"));
        Assert.Equal("BSD-3-Clause", LicenseOf(result, "golang.org/x/text", "0.14.0"));
        // One file with two licences for different parts of the module: both apply.
        Assert.Equal("Apache-2.0 AND MIT", LicenseOf(result, "gopkg.in/yaml.v3", "3.0.1"));
        // Not downloaded: nothing is guessed.
        Assert.Null(LicenseOf(result, "github.com/pkg/errors", "0.9.1"));
        Assert.Contains(result.Warnings, w => w.Level == WarningLevel.Info && w.Message.Contains("licences of 6 Go module(s) read from the module cache", StringComparison.Ordinal));
    }

    [Fact]
    public void Cargo_licences_come_from_the_registry_sources_including_a_license_file()
    {
        File.Copy(Licenses("Cargo.lock.fixture"), Path.Combine(_root, "Cargo.lock"));

        var result = Scan(caches: new() { ["cargo-registry"] = Licenses("cargo-registry") });

        Assert.Equal("MIT OR Apache-2.0", LicenseOf(result, "serde", "1.0.197"));
        Assert.Equal("MIT", LicenseOf(result, "atty", "0.2.14"));
        // license-file = "LICENSE": its ISC-style text is identified.
        Assert.Equal("ISC", LicenseOf(result, "webpki", "0.22.4"));
    }

    [Fact]
    public void Maven_licences_come_from_the_poms_of_the_local_repository_and_gradle_cache_inheriting_from_parents()
    {
        File.Copy(Licenses("gradle.lockfile.fixture"), Path.Combine(_root, "gradle.lockfile"));

        var result = Scan(caches: new() { ["maven-repository"] = Licenses("maven-repository"), ["gradle-modules"] = Licenses("gradle-modules") });

        Assert.Equal("EPL-1.0", LicenseOf(result, "junit:junit", "4.13.2"));
        // commons-lang3 declares none: commons-parent 52 neither, so org.apache:apache:23's licence applies.
        Assert.Equal("Apache-2.0", LicenseOf(result, "org.apache.commons:commons-lang3", "3.12.0"));
        // Gradle's cache: <group>/<artifact>/<version>/<sha1>/; two licences in a parent pom are a choice.
        Assert.Equal("EPL-1.0 OR LGPL-2.1-only", LicenseOf(result, "ch.qos.logback:logback-classic", "1.2.13"));
        Assert.Equal("Apache-2.0", LicenseOf(result, "com.google.code.gson:gson", "2.10.1"));
        Assert.Null(LicenseOf(result, "org.hamcrest:hamcrest-core", "1.3"));
    }

    [Fact]
    public void Maven_placeholders_in_cached_poms_resolve_from_their_properties_and_an_unknown_one_is_never_a_licence()
    {
        var repository = Path.Combine(_root, "..", Path.GetFileName(_root) + "-m2");
        void Pom(string group, string artifact, string version, string body)
        {
            var folder = Path.Combine([repository, .. group.Split('.'), artifact, version]);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, $"{artifact}-{version}.pom"),
                $"<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>{body}</project>");
        }

        try
        {
            // A CI-friendly parent version (${revision}) and a licence name held in a property of the parent.
            Pom("com.acme", "lib", "1.4.0", "<parent><groupId>com.acme</groupId><artifactId>acme-parent</artifactId><version>${revision}</version></parent>"
                + "<artifactId>lib</artifactId><version>1.4.0</version><properties><revision>7</revision></properties>");
            Pom("com.acme", "acme-parent", "7", "<groupId>com.acme</groupId><artifactId>acme-parent</artifactId><version>7</version>"
                + "<properties><license.name>Apache License, Version 2.0</license.name></properties>"
                + "<licenses><license><name>${license.name}</name></license></licenses>");
            // A placeholder nothing defines: no licence rather than the text "${license.name}".
            Pom("com.acme", "other", "2.0.0", "<groupId>com.acme</groupId><artifactId>other</artifactId><version>2.0.0</version>"
                + "<licenses><license><name>${license.name}</name></license></licenses>");
            File.WriteAllText(Path.Combine(_root, "gradle.lockfile"), "com.acme:lib:1.4.0=runtimeClasspath\ncom.acme:other:2.0.0=runtimeClasspath\nempty=\n");

            var result = Scan(caches: new() { ["maven-repository"] = repository });

            Assert.Equal("Apache-2.0", LicenseOf(result, "com.acme:lib", "1.4.0"));
            Assert.Null(LicenseOf(result, "com.acme:other", "2.0.0"));
        }
        finally
        {
            Directory.Delete(repository, true);
        }
    }

    [Fact]
    public void Hex_licences_come_from_the_hex_metadata_of_mix_deps_matched_by_version()
    {
        File.WriteAllText(Path.Combine(_root, "mix.lock"), """
            %{
              "plug": {:hex, :plug, "1.15.3", "aaaa", [:mix], [], "hexpm", "bbbb"},
              "jason": {:hex, :jason, "1.4.1", "cccc", [:mix], [], "hexpm", "dddd"},
              "telemetry": {:hex, :telemetry, "1.2.1", "eeee", [:rebar3], [], "hexpm", "ffff"},
            }
            """);
        void Metadata(string name, string version, string licenses)
        {
            Directory.CreateDirectory(Path.Combine(_root, "deps", name));
            File.WriteAllText(Path.Combine(_root, "deps", name, "hex_metadata.config"),
                $"{{<<\"app\">>,<<\"{name}\">>}}.\n{{<<\"licenses\">>,[{licenses}]}}.\n{{<<\"name\">>,<<\"{name}\">>}}.\n{{<<\"version\">>,<<\"{version}\">>}}.\n");
        }

        Metadata("plug", "1.15.3", "<<\"Apache-2.0\">>");
        Metadata("jason", "1.4.1", "<<\"Apache-2.0\">>,\n  <<\"MIT\">>");
        Metadata("telemetry", "1.2.0", "<<\"Apache-2.0\">>"); // deps/ holds another version than the lockfile's

        var result = Scan();

        Assert.Equal("Apache-2.0", LicenseOf(result, "plug", "1.15.3"));
        Assert.Equal("Apache-2.0 OR MIT", LicenseOf(result, "jason", "1.4.1"));
        Assert.Null(LicenseOf(result, "telemetry", "1.2.1"));
    }

    [Fact]
    public void Composer_licences_missing_from_the_lockfile_come_from_vendor_installed_json()
    {
        File.Copy(Licenses("composer/composer.lock"), Path.Combine(_root, "composer.lock"));
        Directory.CreateDirectory(Path.Combine(_root, "vendor", "composer"));
        File.Copy(Licenses("composer/installed.json"), Path.Combine(_root, "vendor", "composer", "installed.json"));

        var result = Scan();

        Assert.Equal("proprietary", LicenseOf(result, "acme/internal-sdk", "2.3.0"));
        Assert.Equal("MIT", LicenseOf(result, "psr/log", "3.0.0"));
        Assert.Contains(result.Warnings, w => w.Path == "vendor/composer/installed.json" && w.Level == WarningLevel.Info);
    }

    [Fact]
    public void Yarn_plug_n_play_licences_come_from_the_zips_of_the_project_cache_and_unplugged_packages()
    {
        File.WriteAllText(Path.Combine(_root, "package.json"), """{ "name": "app", "packageManager": "yarn@4.1.1", "dependencies": { "diff": "^8.0.4", "@sigstore/core": "^3.2.1" } }""");
        File.WriteAllText(Path.Combine(_root, "yarn.lock"), """
            # This file is generated by running "yarn install" inside your project.
            # Manual changes might be lost - proceed with caution!

            __metadata:
              version: 8
              cacheKey: 10c0

            "@sigstore/core@npm:^3.2.1":
              version: 3.2.1
              resolution: "@sigstore/core@npm:3.2.1"
              checksum: 10c0/1a2b3c
              languageName: node
              linkType: hard

            "app@workspace:.":
              version: 0.0.0-use.local
              resolution: "app@workspace:."
              dependencies:
                "@sigstore/core": "npm:^3.2.1"
                diff: "npm:^8.0.4"
              languageName: unknown
              linkType: soft

            "diff@npm:^8.0.4":
              version: 8.0.4
              resolution: "diff@npm:8.0.4"
              checksum: 10c0/4d5e6f
              languageName: node
              linkType: hard
            """);
        var cache = Path.Combine(_root, ".yarn", "cache");
        Directory.CreateDirectory(cache);
        var installed = Path.Combine(TestData.Root, "licenses", "npm", "installed");
        using (var zip = System.IO.Compression.ZipFile.Open(Path.Combine(cache, "diff-npm-8.0.4-0a1b2c3d4e-4d5e6f.zip"), System.IO.Compression.ZipArchiveMode.Create))
        {
            zip.CreateEntryFromFile(Path.Combine(installed, "diff", "package.json"), "node_modules/diff/package.json");
            // A package's own nested fixture manifests are not the package.
            zip.CreateEntry("node_modules/diff/test/fixtures/node_modules/other/package.json");
        }

        // @sigstore/core was unplugged (it has to exist on disk): .yarn/unplugged/<locator>/node_modules/@sigstore/core.
        Copy(Path.Combine(installed, "@sigstore"), Path.Combine(_root, ".yarn", "unplugged", "@sigstore-core-npm-3.2.1-1a2b3c4d5e", "node_modules", "@sigstore"));

        var result = Scan();

        Assert.Equal("BSD-3-Clause", LicenseOf(result, "diff", "8.0.4"));
        Assert.Equal("Apache-2.0", LicenseOf(result, "@sigstore/core", "3.2.1"));
        Assert.Contains(result.Warnings, w => w.Path == ".yarn/cache" && w.Level == WarningLevel.Info && w.Message.Contains("1 installed package manifest", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cache_entry_that_links_elsewhere_is_not_read()
    {
        File.Copy(Licenses("Cargo.lock.fixture"), Path.Combine(_root, "Cargo.lock"));
        var registry = Path.Combine(_outside, "registry", "index.crates.io-6f17d22bba15001f");
        Directory.CreateDirectory(registry);
        Copy(Licenses("cargo-registry/index.crates.io-6f17d22bba15001f/serde-1.0.197"), Path.Combine(_outside, "elsewhere", "serde-1.0.197"));
        Directory.CreateSymbolicLink(Path.Combine(registry, "serde-1.0.197"), Path.Combine(_outside, "elsewhere", "serde-1.0.197"));

        var result = Scan(caches: new() { ["cargo-registry"] = Path.Combine(_outside, "registry") });

        Assert.Null(LicenseOf(result, "serde", "1.0.197"));
    }
}
