// The planted corpus is drawn from a seeded System.Random on purpose: the same seed must give the same corpus
// on every run. None of these values is a real secret, so CA5394 (insecure randomness) does not apply.
#pragma warning disable CA5394

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Bulwark.Analyzers.Secrets.Accuracy;

/// <summary>A planted secret where it ended up: the labelled answer a scan is checked against (1-based line).</summary>
internal sealed record PlantedSecret(string RuleId, string File, int Line, PlantFormat Format, string Secret, bool FromSample)
{
    /// <summary>The secret as the manifest and reports may show it: 4 chars, then its length.</summary>
    public string Redacted => $"{Secret[..Math.Min(4, Secret.Length)]}…({Secret.Length})";
}

/// <summary>
/// Writes plants into a directory as realistic project files: one file per format (an .env, a Helm values file,
/// appsettings.json, a Web.config, Spring properties, Terraform, Python/JS/Go/C#/Java/Ruby/C/Rust sources, a Dockerfile,
/// a deploy script, a runbook, an INI and a TOML file, a notebook, a Kubernetes Secret, a UTF-16 PowerShell script, a
/// minified bundle, an HTML page…), each saved with its format's encoding and line endings, ordinary settings between the plants, and each verbatim sample in a file named
/// for what it is (.npmrc, NuGet.Config, a key file…). Or, into an existing tree (the kernel), code plants are inserted
/// into existing sources of their language and the rest added as new files.
/// </summary>
internal sealed partial class PlantedTree(string root)
{
    private readonly string _root = root;

    /// <summary>Dot-files (.env, .npmrc) are written under their real names; off for trees whose .gitignore hides them.</summary>
    public bool DotFiles { get; init; } = true;

    /// <summary>Folder (relative) for new files, e.g. "tools/deploy" in the kernel tree.</summary>
    public string NewFilesUnder { get; init; } = "";

    /// <summary>Write every plant into new files.</summary>
    public IReadOnlyList<PlantedSecret> Write(IReadOnlyList<PlantSpec> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var planted = new List<PlantedSecret>();
        foreach (var group in specs.Where(s => s.Format != PlantFormat.Verbatim).GroupBy(s => s.Format))
        {
            planted.AddRange(WriteLayout(group.Key, [.. group]));
        }

        var n = 0;
        foreach (var spec in specs.Where(s => s.Format == PlantFormat.Verbatim))
        {
            var path = Combine(VerbatimName(spec, n++));
            WriteFile(path, spec.Text.EndsWith('\n') ? spec.Text : spec.Text + "\n");
            planted.Add(Planted(spec, path, 1 + spec.LineOffset));
        }

        return planted;
    }

    /// <summary>
    /// Plants into an existing tree: C, Python and shell plants are inserted as a line of an existing source of that
    /// language (one plant per file, outside test and documentation folders); the others go to new files.
    /// </summary>
    public IReadOnlyList<PlantedSecret> Insert(IReadOnlyList<PlantSpec> specs, int seed)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var random = new Random(seed);
        var hosts = new Dictionary<PlantFormat, Queue<string>>
        {
            [PlantFormat.C] = Hosts(".c", random),
            [PlantFormat.Python] = Hosts(".py", random),
            [PlantFormat.Shell] = Hosts(".sh", random),
        };
        var planted = new List<PlantedSecret>();
        var rest = new List<PlantSpec>();
        foreach (var spec in specs)
        {
            if (hosts.TryGetValue(spec.Format, out var files) && files.TryDequeue(out var file))
            {
                var bytes = File.ReadAllBytes(file);
                var lineCount = bytes.AsSpan().Count((byte)'\n') + 1;
                var at = lineCount <= 2 ? 0 : random.Next(1, lineCount - 1);
                ReplaceWithPlant(file, bytes, at, spec.Text);
                planted.Add(Planted(spec, file, at + 1));
            }
            else
            {
                rest.Add(spec);
            }
        }

        planted.AddRange(Write(rest));
        return planted;
    }

    // The host's bytes stay as they are (kernel sources are not all UTF-8), and the file is replaced rather than
    // written in place: in a hard-linked copy of a tree (cp -al) writing in place would plant into the original too.
    private static void ReplaceWithPlant(string file, byte[] bytes, int beforeLine, string text)
    {
        var offset = 0;
        for (var line = 0; line < beforeLine; line++)
        {
            offset = Array.IndexOf(bytes, (byte)'\n', offset) + 1;
        }

        var temporary = file + ".planting";
        using (var output = File.Create(temporary))
        {
            output.Write(bytes, 0, offset);
            output.Write(Encoding.UTF8.GetBytes(text + "\n"));
            output.Write(bytes, offset, bytes.Length - offset);
        }

        File.Move(temporary, file, overwrite: true);
    }

    /// <summary>The manifest as tab-separated lines (rule, file, line, format, redacted secret, origin); no secret in full.</summary>
    public static string Manifest(IEnumerable<PlantedSecret> planted) =>
        string.Concat(planted.Select(p => string.Create(CultureInfo.InvariantCulture,
            $"{p.RuleId}\t{p.File}\t{p.Line}\t{p.Format}\t{p.Redacted}\t{(p.FromSample ? "sample" : "generated")}\n")));

    private Queue<string> Hosts(string extension, Random random)
    {
        var files = Directory.EnumerateFiles(_root, "*" + extension, SearchOption.AllDirectories)
            .Where(f => !SkippedHost().IsMatch(Path.GetRelativePath(_root, f).Replace('\\', '/')))
            .Order(StringComparer.Ordinal)
            .ToList();
        return new Queue<string>(files.OrderBy(_ => random.Next()));
    }

    // Tests, samples and documentation folders are where generic rules rightly look away; hidden folders are ignored by .gitignore.
    [GeneratedRegex(@"(?i)(?:^|/)(?:tests?|testing|selftests?|samples?|examples?|docs?|Documentation|fixtures?|testdata|\.[^/]+)/|(?:^|/)test_[^/]*$|_test\.")]
    private static partial Regex SkippedHost();

    private IEnumerable<PlantedSecret> WriteLayout(PlantFormat format, IReadOnlyList<PlantSpec> specs)
    {
        var layout = Layouts[format];
        var path = Combine(DotFiles || !layout.Path.StartsWith('.') ? layout.Path : layout.Path.TrimStart('.'));
        var text = new StringBuilder();
        var line = 0;
        void Append(string value)
        {
            text.Append(value).Append('\n');
            line += value.Count(c => c == '\n') + 1;
        }

        foreach (var header in layout.Header)
        {
            Append(header);
        }

        var planted = new List<PlantedSecret>();
        for (var i = 0; i < specs.Count; i++)
        {
            if (layout.Filler.Length > 0)
            {
                Append(layout.Filler[i % layout.Filler.Length]);
            }

            planted.Add(Planted(specs[i], path, line + 1 + specs[i].LineOffset));
            Append(specs[i].Text);
        }

        foreach (var footer in layout.Footer)
        {
            Append(footer);
        }

        var content = layout.Crlf ? text.Replace("\n", "\r\n").ToString() : text.ToString();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, layout.Encoding ?? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return planted;
    }

    private PlantedSecret Planted(PlantSpec spec, string path, int line) =>
        new(spec.RuleId, Path.GetRelativePath(_root, path).Replace('\\', '/'), line, spec.Format, spec.Secret, spec.FromSample);

    private string Combine(string relative) => Path.Combine(_root, NewFilesUnder, relative);

    private static void WriteFile(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private string VerbatimName(PlantSpec spec, int n)
    {
        var text = spec.Text;
        string Dot(string name) => DotFiles ? name : name.TrimStart('.');
        return text switch
        {
            _ when text.Contains("PuTTY-User-Key-File", StringComparison.Ordinal) => $"keys/deploy-{n}.ppk",
            _ when text.Contains("\"type\"", StringComparison.Ordinal) && text.Contains("service_account", StringComparison.Ordinal) => $"config/gcp/service-account-{n}.json",
            _ when text.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal) || text.TrimStart().StartsWith("---- BEGIN", StringComparison.Ordinal) => $"keys/server-{n}.key",
            _ when text.Contains("<server>", StringComparison.Ordinal) => $"build/m2-{n}/settings.xml",
            _ when text.Contains("ClearTextPassword", StringComparison.Ordinal) => $"build/nuget-{n}/NuGet.Config",
            _ when text.TrimStart().StartsWith('<') => $"config/settings-{n}.xml",
            _ when text.Contains("\"auths\"", StringComparison.Ordinal) => $"ci/docker-{n}/config.json",
            _ when text.TrimStart().StartsWith('{') || text.TrimStart().StartsWith('"') => $"config/settings-{n}.json",
            _ when text.Contains("LoginModule", StringComparison.Ordinal) => $"config/kafka/client-jaas-{n}.conf",
            _ when text.Contains("requirepass", StringComparison.Ordinal) || text.Contains("masterauth", StringComparison.Ordinal) => $"config/redis/redis-{n}.conf",
            _ when text.Contains("_authToken", StringComparison.Ordinal) || text.Contains("_auth", StringComparison.Ordinal) => $"web/pkg-{n}/{Dot(".npmrc")}",
            _ when text.TrimStart().StartsWith("machine", StringComparison.Ordinal) => $"home/user-{n}/{Dot(".netrc")}",
            _ when text.Contains("[pypi]", StringComparison.Ordinal) || text.Contains("[distutils]", StringComparison.Ordinal) => $"home/user-{n}/{Dot(".pypirc")}",
            _ when text.Contains("curl", StringComparison.Ordinal) || text.Contains("kubeadm", StringComparison.Ordinal) || text.StartsWith("export ", StringComparison.Ordinal) => $"scripts/ops-{n}.sh",
            _ when text.TrimStart().StartsWith("- ", StringComparison.Ordinal) || YamlKey().IsMatch(text) => $"deploy/config-{n}.yaml",
            _ => $"config/{spec.RuleId}-{n}.conf",
        };
    }

    [GeneratedRegex(@"^\s*[A-Za-z_][\w.-]*:\s")]
    private static partial Regex YamlKey();

    /// <param name="Encoding">How the file is saved (UTF-8 without a byte order mark unless given).</param>
    /// <param name="Crlf">Windows line endings.</param>
    private sealed record Layout(string Path, string[] Header, string[] Filler, string[] Footer, Encoding? Encoding = null, bool Crlf = false);

    private static readonly Dictionary<PlantFormat, Layout> Layouts = new()
    {
        [PlantFormat.DotEnv] = new(".env.production", ["# Production settings (loaded by docker compose)"], ["LOG_LEVEL=info", "PORT=8080", "DB_POOL_SIZE=20", "FEATURE_FLAGS=search,billing", "TZ=Europe/Oslo"], []),
        [PlantFormat.Shell] = new("scripts/deploy.sh", ["#!/usr/bin/env bash", "set -euo pipefail", ""], ["export AWS_REGION=\"eu-west-1\"", "export DEPLOY_ENV=\"production\"", "echo \"deploying to ${DEPLOY_ENV}\""], ["./gradlew --no-daemon publish"]),
        [PlantFormat.Dockerfile] = new("services/api/Dockerfile", ["FROM mcr.microsoft.com/dotnet/aspnet:10.0", "WORKDIR /app"], ["ENV ASPNETCORE_URLS=http://+:8080", "EXPOSE 8080", "RUN apt-get update && apt-get install -y --no-install-recommends curl"], ["COPY publish/ .", "ENTRYPOINT [\"dotnet\", \"Acme.Api.dll\"]"]),
        [PlantFormat.Yaml] = new("deploy/helm/values-production.yaml", ["replicaCount: 3", "image:", "  repository: registry.acme.io/api", "  tag: \"2.14.1\"", "config:", "  secrets:"], ["    log_level: \"info\"", "    region: \"eu-west-1\""], ["resources:", "  limits:", "    memory: 512Mi"]),
        [PlantFormat.Json] = new("config/appsettings.Production.json", ["{", "  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } },", "  \"Secrets\": {"], ["    \"Region\": \"eu-west-1\",", "    \"RetryCount\": 3,"], ["    \"Rotation\": \"90d\"", "  }", "}"]),
        [PlantFormat.Xml] = new("src/Acme.Web/Web.config", ["<?xml version=\"1.0\" encoding=\"utf-8\"?>", "<configuration>", "  <appSettings>"], ["    <add key=\"Environment\" value=\"Production\" />", "    <add key=\"Region\" value=\"eu-west-1\" />"], ["  </appSettings>", "</configuration>"]),
        [PlantFormat.Properties] = new("src/main/resources/application-prod.properties", ["# Spring profile: prod", "server.port=8080"], ["spring.jpa.open-in-view=false", "logging.level.root=INFO"], []),
        [PlantFormat.Terraform] = new("infra/main.tf", ["terraform {", "  required_version = \">= 1.6\"", "}", "", "locals {"], ["  region = \"eu-west-1\"", "  environment = \"production\""], ["}"]),
        [PlantFormat.Python] = new("app/settings.py", ["import os", "", "DEBUG = False", "ALLOWED_HOSTS = [\"api.acme.io\"]"], ["TIME_ZONE = \"UTC\"", "CACHE_TTL = 300"], []),
        [PlantFormat.JavaScript] = new("web/config/production.js", ["'use strict';", "", "module.exports = {"], ["  region: \"eu-west-1\",", "  retries: 3,"], ["};"]),
        [PlantFormat.Go] = new("internal/config/credentials.go", ["package config", "", "// Values baked in for the offline installer.", "const ("], ["\tRegion = \"eu-west-1\"", "\tRetries = 3"], [")"]),
        [PlantFormat.CSharp] = new("src/Acme.Api/Credentials.cs", ["namespace Acme.Api;", "", "internal static class Credentials", "{"], ["    public const string Region = \"eu-west-1\";", "    public const int Retries = 3;"], ["}"]),
        [PlantFormat.Java] = new("src/main/java/io/acme/Credentials.java", ["package io.acme;", "", "final class Credentials {"], ["    static final String REGION = \"eu-west-1\";", "    static final int RETRIES = 3;"], ["}"]),
        [PlantFormat.Ruby] = new("config/initializers/credentials.rb", ["# frozen_string_literal: true", "", "module Credentials"], ["  REGION = 'eu-west-1'", "  RETRIES = 3"], ["end"]),
        [PlantFormat.C] = new("drivers/acme/acme_fw.c", ["// SPDX-License-Identifier: GPL-2.0", "#include <linux/module.h>", ""], ["static int acme_debug;", "static unsigned int acme_retries = 3;"], ["MODULE_LICENSE(\"GPL\");"]),
        [PlantFormat.Ini] = new("config/service.ini", ["; Acme service settings (read by configparser)", "[service]"], ["region = eu-west-1", "retries = 3"], [], Crlf: true),
        [PlantFormat.Toml] = new("config/acme.toml", ["title = \"acme production\"", "", "[credentials]"], ["region = \"eu-west-1\"", "retries = 3"], []),
        [PlantFormat.Rust] = new("src/bin/installer.rs", ["//! Credentials baked into the offline installer.", "", "pub fn install() {"], ["    let region = \"eu-west-1\";", "    let retries = 3;"], ["}"]),
        [PlantFormat.Notebook] = new("notebooks/explore-billing.ipynb",
            ["{", " \"cells\": [", "  {", "   \"cell_type\": \"code\",", "   \"execution_count\": 1,", "   \"metadata\": {},", "   \"outputs\": [],", "   \"source\": [", "    \"import os\\n\","],
            ["    \"import pandas as pd\\n\",", "    \"df = pd.read_csv(\\\"billing.csv\\\")\\n\","],
            ["    \"client = acme.Client()\"", "   ]", "  }", " ],", " \"metadata\": {", "  \"kernelspec\": { \"display_name\": \"Python 3\", \"language\": \"python\", \"name\": \"python3\" }", " },", " \"nbformat\": 4,", " \"nbformat_minor\": 5", "}"]),
        [PlantFormat.KubernetesSecret] = new("deploy/k8s/api-secret.yaml", ["apiVersion: v1", "kind: Secret", "metadata:", "  name: api-credentials", "  namespace: production", "type: Opaque", "data:"], ["  REGION: ZXUtd2VzdC0x", "  LOG_LEVEL: aW5mbw=="], []),
        [PlantFormat.PowerShell] = new("scripts/Set-BuildAgent.ps1", ["# Configures a build agent (saved by Windows PowerShell ISE: UTF-16LE)", "Set-StrictMode -Version Latest"], ["$Region = 'eu-west-1'", "Write-Host \"configuring $Region\""], ["Restart-Service -Name AcmeAgent"], new UnicodeEncoding(bigEndian: false, byteOrderMark: true), Crlf: true),
        [PlantFormat.MinifiedJs] = new("web/dist/app.min.js", [], [], []),
        [PlantFormat.PropertiesColon] = new("conf/application.properties", ["# key: value style"], ["server.port: 8080", "logging.level.root: INFO"], []),
        [PlantFormat.PropertiesSpace] = new("conf/gradle-ci.properties", ["# key value style"], ["org.gradle.jvmargs -Xmx2g", "org.gradle.parallel true"], []),
        [PlantFormat.DockerfileArg] = new("ci/runner/Dockerfile", ["FROM node:22-bookworm-slim", "WORKDIR /build"], ["ARG NODE_ENV=production", "RUN npm ci --omit=dev"], ["CMD [\"node\", \"server.js\"]"]),
        [PlantFormat.YamlFlow] = new("ci/workflows/release.yml", ["name: release", "on: push", "jobs:", "  deploy:", "    runs-on: ubuntu-latest"], ["    timeout-minutes: 10", "    if: github.ref == 'refs/heads/main'"], []),
        [PlantFormat.HtmlAttribute] = new("web/public/index.html", ["<!DOCTYPE html>", "<html lang=\"en\">", "  <head>", "    <meta charset=\"utf-8\">"], ["    <link rel=\"stylesheet\" href=\"/app.css\">", "    <title>Acme &amp; Co</title>"], ["  </head>", "</html>"]),
        [PlantFormat.CSharpBom] = new("src/Acme.Worker/Settings.cs", ["namespace Acme.Worker", "{", "    internal static class Settings", "    {"], ["        private const string Region = \"eu-west-1\";", "        private const int Retries = 3;"], ["    }", "}"], new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), Crlf: true),
        [PlantFormat.GoRaw] = new("internal/config/embedded.go", ["package config", "", "func defaults() {"], ["\tregion := \"eu-west-1\"", "\t_ = region"], ["}"]),
        [PlantFormat.Markdown] = new("ops/RUNBOOK.md", ["# Deploying the API", "", "Set the environment, then run the deploy script:", "", "```sh"], ["./scripts/deploy.sh --check"], ["```"]),
    };
}
