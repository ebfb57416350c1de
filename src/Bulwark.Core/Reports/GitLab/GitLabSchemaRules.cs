using System.Text.RegularExpressions;
using Bulwark.Core.Findings;

namespace Bulwark.Core.Reports.GitLab;

/// <summary>
/// The constraints of GitLab's 15.2.1 schemas that our model does not enforce by itself; values that
/// break them are left out so a report is never rejected by GitLab's validator.
/// </summary>
internal static partial class GitLabSchemaRules
{
    public const int MaxNameLength = 255;
    public const int MaxDescriptionLength = 1_048_576;
    public const int MaxSolutionLength = 7_000;
    public const int MaxCvssVectors = 10;
    public const int MaxCodeFlows = 10;
    public const int MaxKubernetesField = 255;

    public const string LikelyFalsePositiveFlag = "flagged-as-likely-false-positive";

    public static bool IsLinkUrl(string? url) => url is not null && LinkUrl().IsMatch(url);

    public static bool IsAnalyzerUrl(string? url) => url is not null && AnalyzerUrl().IsMatch(url);

    /// <summary>v2 or v3.x, exactly the two vector grammars the schema accepts (not v4).</summary>
    public static bool IsAcceptedCvssVector(string vector) =>
        vector.Length is >= 16 and <= 128 && CvssV2().IsMatch(vector)
        || vector.Length is >= 32 and <= 128 && CvssV3().IsMatch(vector);

    public static bool IsAsset(Asset asset) =>
        asset.Type is "http_session" or "postman" && asset.Name.Length > 0 && asset.Url.Length > 0;

    public static bool IsFlag(Flag flag) =>
        flag.Type == LikelyFalsePositiveFlag && flag.Origin.Length > 0 && flag.Description.Length > 0;

    [GeneratedRegex("^(https?|ftp)://.+")]
    private static partial Regex LinkUrl();

    [GeneratedRegex("^https?://.+")]
    private static partial Regex AnalyzerUrl();

    [GeneratedRegex(@"^((AV:[NAL]|AC:[LMH]|Au:[MSN]|[CIA]:[NPC]|E:(U|POC|F|H|ND)|RL:(OF|TF|W|U|ND)|RC:(UC|UR|C|ND)|CDP:(N|L|LM|MH|H|ND)|TD:(N|L|M|H|ND)|[CIA]R:(L|M|H|ND))/)*(AV:[NAL]|AC:[LMH]|Au:[MSN]|[CIA]:[NPC]|E:(U|POC|F|H|ND)|RL:(OF|TF|W|U|ND)|RC:(UC|UR|C|ND)|CDP:(N|L|LM|MH|H|ND)|TD:(N|L|M|H|ND)|[CIA]R:(L|M|H|ND))$")]
    private static partial Regex CvssV2();

    [GeneratedRegex(@"^CVSS:3[.][01]/((AV:[NALP]|AC:[LH]|PR:[NLH]|UI:[NR]|S:[UC]|[CIA]:[NLH]|E:[XUPFH]|RL:[XOTWU]|RC:[XURC]|[CIA]R:[XLMH]|MAV:[XNALP]|MAC:[XLH]|MPR:[XNLH]|MUI:[XNR]|MS:[XUC]|M[CIA]:[XNLH])/)*(AV:[NALP]|AC:[LH]|PR:[NLH]|UI:[NR]|S:[UC]|[CIA]:[NLH]|E:[XUPFH]|RL:[XOTWU]|RC:[XURC]|[CIA]R:[XLMH]|MAV:[XNALP]|MAC:[XLH]|MPR:[XNLH]|MUI:[XNR]|MS:[XUC]|M[CIA]:[XNLH])$")]
    private static partial Regex CvssV3();
}
