using Bulwark.Analyzers.Secrets.Rules;

namespace Bulwark.Analyzers.Secrets.Tests;

/// <summary>Every built-in rule proves itself with its own samples.</summary>
public class BuiltInRuleSampleTests
{
    private static readonly SecretDetector Detector = new(BuiltInRules.All);

    // Sees what the keyword windows do not, to explain a miss.
    private static readonly Lazy<SecretDetector> WholeTextDetector = new(() =>
        new SecretDetector(BuiltInRules.All, new SecretDetectorOptions { Prefilter = KeywordPrefilter.WholeText }));

    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var rule in BuiltInRules.All)
        {
            data.Add(rule.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_finds_its_true_positives_and_ignores_its_false_positives(string ruleId)
    {
        var rule = BuiltInRules.All.Single(r => r.Id == ruleId);
        Assert.False(rule.TruePositives.IsEmpty, $"{ruleId} has no true-positive samples");
        Assert.False(rule.FalsePositives.IsEmpty, $"{ruleId} has no false-positive samples");

        foreach (var sample in rule.TruePositives)
        {
            Assert.True(Detector.Detect(sample).Any(m => m.RuleId == ruleId), $"{ruleId} missed: {sample}{MissHint(ruleId, sample)}");
        }

        foreach (var sample in rule.FalsePositives)
        {
            Assert.False(Detector.Detect(sample).Any(m => m.RuleId == ruleId), $"{ruleId} wrongly matched: {sample}");
        }
    }

    private static string MissHint(string ruleId, string sample) =>
        WholeTextDetector.Value.Detect(sample).Any(m => m.RuleId == ruleId)
            ? $"\n(the whole-text scan finds it: the match reaches lines beyond its keyword's line; set {nameof(SecretRule.MultilineSpan)} on the rule)"
            : "";

    [Fact]
    public void Rule_ids_are_unique()
    {
        var duplicates = BuiltInRules.All.GroupBy(r => r.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
    }
}
