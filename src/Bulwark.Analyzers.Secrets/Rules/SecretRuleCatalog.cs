using System.Text;

namespace Bulwark.Analyzers.Secrets.Rules;

/// <summary>
/// Renders a rule set as the Markdown reference users read (docs/secrets-rules.md), so the published list is
/// always the output of the tested rules rather than a hand-kept copy.
/// </summary>
public static class SecretRuleCatalog
{
    public static string ToMarkdown(IReadOnlyList<SecretRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var text = new StringBuilder();
        text.Append("# Built-in secret detection rules\n\n");
        text.Append("<!-- Generated from BuiltInRules.All by SecretRuleCatalog; do not edit by hand. ");
        text.Append("Regenerate with: BULWARK_UPDATE_DOCS=1 dotnet test tests/Bulwark.Analyzers.Secrets.Tests -->\n\n");
        text.Append($"Bulwark ships {rules.Count} rules. Keywords are the literals the prefilter looks for before a rule's ");
        text.Append("regex runs; a validator is an offline format check (checksum, decodable structure) that drops look-alikes. ");
        text.Append("When several rules hit the same secret, the most specific one reports it: vendor over placement over generic ");
        text.Append("(see docs/secrets.md, \"One finding per secret\").\n\n");
        text.Append("| Id | Description | Severity | Specificity | Keywords | Validator |\n");
        text.Append("| --- | --- | --- | --- | --- | --- |\n");
        foreach (var rule in rules)
        {
            var keywords = rule.Keywords.IsEmpty ? "(none)" : string.Join(", ", rule.Keywords.Select(k => $"`{Cell(k)}`"));
            var validator = rule.Validator == SecretValidator.None ? "" : rule.Validator.ToString();
            var specificity = rule.EffectiveSpecificity switch
            {
                RuleSpecificity.Generic => "generic",
                RuleSpecificity.Placement => "placement",
                _ => "vendor",
            };
            text.Append($"| `{rule.Id}` | {Cell(rule.Description)} | {rule.Severity} | {specificity} | {keywords} | {validator} |\n");
        }

        return text.ToString();
    }

    // A pipe would end the table cell; nothing else in ids, descriptions or keywords needs escaping.
    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal);
}
