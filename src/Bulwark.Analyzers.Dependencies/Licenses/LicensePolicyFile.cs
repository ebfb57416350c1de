using Bulwark.Core.Findings;
using Bulwark.Core.Licenses;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Bulwark.Analyzers.Dependencies.Licenses;

/// <summary>
/// Reads a licence policy file (docs/licences.md has the format). Everything is checked up front: an unknown
/// field, a licence that is neither an SPDX id, an id prefix nor a class, a bad severity — each is an error naming
/// the file, line and field, so a typo never silently allows a licence.
/// </summary>
internal static class LicensePolicyFile
{
    /// <summary>Where a scan looks for a policy when none is given, relative to the scanned root, in this order.</summary>
    public static IReadOnlyList<string> DefaultLocations { get; } =
        [".bulwark/licenses.yml", ".bulwark/licenses.yaml", "bulwark-licenses.yml", "bulwark-licenses.yaml"];

    private static readonly string[] TopLevelFields = ["version", "default", "allow", "deny", "unknown", "severity", "development", "ignore"];
    private static readonly string[] RuleFields = ["license", "class", "severity", "reason"];
    private static readonly string[] IgnoreFields = ["package", "ecosystem", "version", "reason"];

    /// <summary>The policy named by the user, else the first default location present under the root, else null.</summary>
    public static LicensePolicy? Find(string? explicitPath, string root)
    {
        if (explicitPath is not null)
        {
            return File.Exists(explicitPath)
                ? Load(File.ReadAllText(explicitPath), explicitPath)
                : throw new LicensePolicyException($"{explicitPath}: the licence policy file does not exist");
        }

        foreach (var location in DefaultLocations)
        {
            var path = Path.Combine(root, location);
            if (File.Exists(path))
            {
                return Load(File.ReadAllText(path), location);
            }
        }

        return null;
    }

    public static LicensePolicy Load(string text, string source)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            {
                throw new LicensePolicyException($"{source}: the licence policy is empty; give at least allow or deny");
            }

            root = stream.Documents[0].RootNode as YamlMappingNode
                ?? throw Error(source, stream.Documents[0].RootNode, null, "expected a mapping (allow:, deny:, …) at the top level");
        }
        catch (YamlException e)
        {
            throw new LicensePolicyException($"{source}:{e.Start.Line}: not valid YAML: {e.Message}", e);
        }

        CheckFields(source, root, TopLevelFields, null);
        if (Scalar(source, root, "version") is { } version && version.Value != "1")
        {
            throw Error(source, version, "version", $"'{version.Value}' is not a supported policy version (1)");
        }

        var allow = Rules(source, root, "allow");
        var deny = Rules(source, root, "deny");
        foreach (var both in allow.Where(a => deny.Any(d => d.Kind == a.Kind && string.Equals(d.Value, a.Value, StringComparison.OrdinalIgnoreCase))))
        {
            throw new LicensePolicyException($"{source}: {both.Field} '{both.Value}' is also denied; a licence is either allowed or denied");
        }

        var severity = Scalar(source, root, "severity") is { } severityNode ? ParseSeverity(source, severityNode, "severity") : Severity.High;

        // A pure allow list means "only these"; a deny list (with allow entries as its exceptions) means "all but these".
        var denyUnlisted = Scalar(source, root, "default") is { } defaultNode
            ? !Action(source, defaultNode, "default")
            : allow.Count > 0 && deny.Count == 0;
        return new LicensePolicy
        {
            Source = source,
            Allow = allow,
            Deny = deny,
            DenyUnlisted = denyUnlisted,
            Severity = severity,
            Unknown = UnknownSetting(source, root, denyUnlisted),
            Development = Scalar(source, root, "development") is not { } development || Boolean(source, development, "development"),
            Ignore = Exemptions(source, root),
        };
    }

    private static List<LicenseRule> Rules(string source, YamlMappingNode root, string list)
    {
        var rules = new List<LicenseRule>();
        if (Get(root, list) is not { } node)
        {
            return rules;
        }

        if (node is YamlScalarNode { Value: null or "" })
        {
            return rules;
        }

        if (node is not YamlSequenceNode sequence)
        {
            throw Error(source, node, list, "expected a list of SPDX licence ids or classes");
        }

        var index = 0;
        foreach (var item in sequence.Children)
        {
            var field = $"{list}[{index++}]";
            switch (item)
            {
                case YamlScalarNode scalar:
                    rules.Add(Rule(source, scalar, scalar.Value ?? string.Empty, field, null, null));
                    break;
                case YamlMappingNode map:
                    CheckFields(source, map, RuleFields, field);
                    var license = Scalar(source, map, "license");
                    var licenseClass = Scalar(source, map, "class");
                    if ((license is null) == (licenseClass is null))
                    {
                        throw Error(source, map, field, "give either license: or class:");
                    }

                    var severity = Scalar(source, map, "severity") is { } s ? ParseSeverity(source, s, field + ".severity") : (Severity?)null;
                    if (severity is not null && list == "allow")
                    {
                        throw Error(source, map, field + ".severity", "an allowed licence produces no finding, so it has no severity");
                    }

                    var value = (license ?? licenseClass)!;
                    if (licenseClass is not null && !LicenseClassNames.TryParse(licenseClass.Value, out _))
                    {
                        throw Error(source, licenseClass, field + ".class", $"'{licenseClass.Value}' is not a licence class ({string.Join(", ", LicenseClassNames.All.Skip(1))})");
                    }

                    rules.Add(Rule(source, value, value.Value ?? string.Empty, field + (license is not null ? ".license" : ".class"), severity,
                        Scalar(source, map, "reason")?.Value));
                    break;
                default:
                    throw Error(source, item, field, "expected an SPDX licence id, a class, or a mapping with license:/class:");
            }
        }

        return rules;
    }

    private static LicenseRule Rule(string source, YamlNode node, string text, string field, Severity? severity, string? reason)
    {
        var value = text.Trim();
        if (value.Length == 0)
        {
            throw Error(source, node, field, "is empty");
        }

        if (LicenseClassNames.TryParse(value, out var licenseClass))
        {
            if (licenseClass == LicenseClass.Unknown)
            {
                throw Error(source, node, field, "'unknown' is not a list entry; say what happens to unknown licences with the top-level unknown: field");
            }

            return new LicenseRule(LicenseRuleKind.Class, licenseClass.Name(), field, severity, reason) { Class = licenseClass };
        }

        if (value.EndsWith('*'))
        {
            var prefix = value.TrimEnd('*');
            if (prefix.Length == 0 || prefix.Contains(' ', StringComparison.Ordinal)
                || !SpdxLicenseCatalog.Licenses.Any(l => l.Id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                throw Error(source, node, field, $"'{value}' matches no SPDX licence id");
            }

            return new LicenseRule(LicenseRuleKind.Prefix, prefix, field, severity, reason);
        }

        LicenseExpression expression;
        try
        {
            expression = LicenseExpression.Parse(value);
        }
        catch (LicenseExpressionException e)
        {
            var hint = LicenseNormalizer.Normalize(value)?.Expression is { } known ? $"did you mean {known}?" : e.Message;
            throw Error(source, node, field, $"'{value}' is not an SPDX licence id, id prefix (ending in *) or licence class; {hint}");
        }

        // Deprecated ids are judged as what they stand for today (GPL-2.0 → GPL-2.0-only), like declared licences.
        var current = LicenseNormalizer.Normalize(value)?.Expression ?? expression;
        return current switch
        {
            SpdxLicenseId id => new LicenseRule(LicenseRuleKind.License, id.Id, field, severity, reason),
            LicenseReference reference => new LicenseRule(LicenseRuleKind.License, reference.ToString(), field, severity, reason),
            LicenseWithException with when with.License is SpdxLicenseId or LicenseReference =>
                new LicenseRule(LicenseRuleKind.LicenseWithException, $"{(with.License is SpdxLicenseId plain ? plain.Id : with.License.ToString())} WITH {with.Exception}", field, severity, reason),
            _ => throw Error(source, node, field, $"'{value}' is an expression; list each licence on its own line"),
        };
    }

    private static Severity? UnknownSetting(string source, YamlMappingNode root, bool denyUnlisted)
    {
        var defaultSetting = denyUnlisted ? Severity.Low : (Severity?)null;
        switch (Get(root, "unknown"))
        {
            case null:
                return defaultSetting;
            case YamlScalarNode scalar:
                return Action(source, scalar, "unknown") ? null : Severity.Low;
            case YamlMappingNode map:
                CheckFields(source, map, ["action", "severity"], "unknown");
                var allow = Scalar(source, map, "action") is { } action && Action(source, action, "unknown.action");
                var severity = Scalar(source, map, "severity") is { } s ? ParseSeverity(source, s, "unknown.severity") : Severity.Low;
                return allow ? null : severity;
            case var other:
                throw Error(source, other, "unknown", "expected allow, deny, or a mapping with action: and severity:");
        }
    }

    /// <summary>True for allow, false for deny.</summary>
    private static bool Action(string source, YamlScalarNode node, string field) => node.Value?.Trim().ToLowerInvariant() switch
    {
        "allow" => true,
        "deny" => false,
        _ => throw Error(source, node, field, $"'{node.Value}' is not allow or deny"),
    };

    private static List<PackageExemption> Exemptions(string source, YamlMappingNode root)
    {
        var exemptions = new List<PackageExemption>();
        if (Get(root, "ignore") is not { } node || node is YamlScalarNode { Value: null or "" })
        {
            return exemptions;
        }

        if (node is not YamlSequenceNode sequence)
        {
            throw Error(source, node, "ignore", "expected a list of packages");
        }

        var index = 0;
        foreach (var item in sequence.Children)
        {
            var field = $"ignore[{index++}]";
            if (item is YamlScalarNode { Value: { Length: > 0 } name })
            {
                exemptions.Add(new PackageExemption(name.Trim(), null, null, null, field));
                continue;
            }

            if (item is not YamlMappingNode map)
            {
                throw Error(source, item, field, "expected a package name or a mapping with package:");
            }

            CheckFields(source, map, IgnoreFields, field);
            var package = Scalar(source, map, "package")?.Value?.Trim();
            if (string.IsNullOrEmpty(package))
            {
                throw Error(source, map, field + ".package", "is required");
            }

            exemptions.Add(new PackageExemption(package, Scalar(source, map, "ecosystem")?.Value?.Trim(), Scalar(source, map, "version")?.Value?.Trim(),
                Scalar(source, map, "reason")?.Value, field));
        }

        return exemptions;
    }

    private static Severity ParseSeverity(string source, YamlScalarNode node, string field) =>
        SeverityScale.TryParse(node.Value, out var severity) && !string.IsNullOrWhiteSpace(node.Value) && severity != Severity.Unknown
            ? severity
            : throw Error(source, node, field, $"'{node.Value}' is not a severity (critical, high, medium, low, info)");

    private static bool Boolean(string source, YamlScalarNode node, string field) => node.Value?.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" => true,
        "false" or "no" => false,
        _ => throw Error(source, node, field, $"'{node.Value}' is not true or false"),
    };

    private static void CheckFields(string source, YamlMappingNode map, string[] known, string? parent)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                var field = parent is null ? name : $"{parent}.{name}";
                throw Error(source, key, field, $"unknown field (known: {string.Join(", ", known)})");
            }
        }
    }

    private static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static YamlScalarNode? Scalar(string source, YamlMappingNode map, string key) => Get(map, key) switch
    {
        null => null,
        YamlScalarNode scalar => scalar,
        var other => throw Error(source, other, key, "expected a single value"),
    };

    private static LicensePolicyException Error(string source, YamlNode node, string? field, string reason) =>
        new(field is null ? $"{source}:{node.Start.Line}: {reason}" : $"{source}:{node.Start.Line}: {field}: {reason}");
}
