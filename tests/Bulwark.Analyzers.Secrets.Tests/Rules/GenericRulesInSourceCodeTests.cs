using Bulwark.Analyzers.Secrets.Rules;

namespace Bulwark.Analyzers.Secrets.Tests.Rules;

/// <summary>
/// The generic rules on real-shaped compiled-language sources: the false positives found by reviewing a scan
/// of the Linux kernel tree stay out, while quoted literals in the same files are still reported.
/// </summary>
public class GenericRulesInSourceCodeTests
{
    private static readonly SecretDetector Detector = new(BuiltInRules.All);

    [Theory]
    [InlineData("drivers/clk/sifive/fu540-prci.h", "\t.pwd = &sifive_fu540_prci_corepll_data,\n")]
    [InlineData("arch/mips/sibyte/sb1250/setup.c", "\t\twar_pass = K_SYS_REVISION_BCM112x_A1;\n")]
    [InlineData("drivers/staging/r8188eu/core/rtw_ap.c", "\tpadapter->securitypriv.ndisauthtype = Ndis802_11AuthModeOpen;\n")]
    [InlineData("drivers/staging/wlan-ng/cfg80211.c", "\tmsg_join.authtype.data = P80211ENUM_authalg_sharedkey;\n")]
    [InlineData("arch/arm/boot/dts/imx7-mba7.dtsi", "\treg_fec1_pwdn: regulator-fec1-pwdn {\n")]
    [InlineData("tools/testing/selftests/net/vrf-xfrm-tests.sh", "AUTH_1=0xd94fcfea65fddf21dc6e0d24a0253508\n")]
    public void Expressions_and_identifiers_in_sources_are_not_reported(string path, string line)
    {
        var generic = Detector.Detect(line, path).Where(m => m.RuleId.StartsWith("generic-", StringComparison.Ordinal)).ToList();
        Assert.Empty(generic);
    }

    [Theory]
    [InlineData("src/net/upload.c", "static const char *api_token = \"q7VW2xkP9rLM4tzB8nyc3HDJ6sFg\";\n")]
    [InlineData("app/src/main/java/com/acme/Config.java", "    private static final String DB_PASSWORD = \"h6+r3+r*D8FFx+7\";\n")]
    [InlineData("deploy/service.env", "SERVICE_SECRET=mOFFp1An48JbaJ9iBjvJZwz5H8lYxsiEedtJTfad\n")]
    public void Literal_secrets_are_still_reported(string path, string line)
    {
        Assert.Contains(Detector.Detect(line, path), m => m.RuleId.StartsWith("generic-", StringComparison.Ordinal));
    }

    // Found by the kernel accuracy run (bench/secrets-accuracy.sh, PER_RULE=16 SEED=62): the compiled-sources allowlist
    // looked for "operator, then no quote" anywhere in the match, so "=" or ":" inside a quoted value, and the second
    // character of Go's := or C#'s =>, made a quoted literal look like an unquoted expression.
    [Theory]
    [InlineData("src/Acme.Api/Credentials.cs", "    public const string Password = \"G=*SPwaTKbRVEl\";\n", "G=*SPwaTKbRVEl")]
    [InlineData("src/main/java/io/acme/Credentials.java", "    static final String DB_PASSWORD = \"h6:r3+r*D8FFx+7\";\n", "h6:r3+r*D8FFx+7")]
    [InlineData("internal/db/conn.go", "\tpassword := \"h6+r3+r*D8FFx+7\"\n", "h6+r3+r*D8FFx+7")]
    [InlineData("src/Acme.Api/Settings.cs", "    public string Password => \"Y=*FCzcJEnJTZu\";\n", "Y=*FCzcJEnJTZu")]
    [InlineData("src/net/upload.c", "static const char *api_token = \"q7VW2xkP9rLM=4tzB8nyc3HDJ6sFg\";\n", "q7VW2xkP9rLM=4tzB8nyc3HDJ6sFg")]
    [InlineData("cmd/agent/main.go", "\tauthToken := \"q7VW2xkP9rLM4tzB8nyc3HDJ6sFg\"\n", "q7VW2xkP9rLM4tzB8nyc3HDJ6sFg")]
    [InlineData("src/main/scala/Config.scala", "  def apiSecret => \"mOFFp1An48JbaJ9iBjvJZwz5H8lY\"\n", "mOFFp1An48JbaJ9iBjvJZwz5H8lY")]
    public void Quoted_literals_are_reported_whatever_the_operator_or_the_value_holds(string path, string line, string secret)
    {
        Assert.Contains(Detector.Detect(line, path), m => m.RuleId.StartsWith("generic-", StringComparison.Ordinal) && m.Secret == secret);
    }

    [Theory]
    [InlineData("internal/auth/client.go", "\tauthToken := tokenSource2.Token\n")]
    [InlineData("src/Acme.Api/Settings.cs", "    public string Password => _vault2.Password;\n")]
    [InlineData("drivers/net/wireless/foo.c", "\tpriv->auth_key = &key_2;\n")]
    public void Unquoted_expressions_after_any_operator_are_not_reported(string path, string line)
    {
        Assert.DoesNotContain(Detector.Detect(line, path), m => m.RuleId.StartsWith("generic-", StringComparison.Ordinal));
    }
}
