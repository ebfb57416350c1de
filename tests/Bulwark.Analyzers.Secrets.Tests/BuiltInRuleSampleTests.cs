using Bulwark.Analyzers.Secrets.Rules;

namespace Bulwark.Analyzers.Secrets.Tests;

/// <summary>Every built-in rule proves itself with its own samples.</summary>
public class BuiltInRuleSampleTests
{
    private static readonly SecretDetector Detector = new(BuiltInRules.All);

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
            Assert.True(Detector.Detect(sample).Any(m => m.RuleId == ruleId), $"{ruleId} missed: {sample}");
        }

        foreach (var sample in rule.FalsePositives)
        {
            Assert.False(Detector.Detect(sample).Any(m => m.RuleId == ruleId), $"{ruleId} wrongly matched: {sample}");
        }
    }

    [Fact]
    public void Rule_ids_are_unique()
    {
        var duplicates = BuiltInRules.All.GroupBy(r => r.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
    }
}
