using Bulwark.Analyzers.Secrets.Config;
using Bulwark.Analyzers.Secrets.Detection;
using Bulwark.Analyzers.Secrets.Rules;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Tests;

public sealed class GitleaksConfigTests : IDisposable
{
    private const string LiveToken = "acme_live_Q7x2Kd9mVw4ZtB8nLp3cYh6dFj1sGe5R";
    private const string TestToken = "acme_test_Zr8Lq2Wn5Xc7Vb1Mk4Hj6Gf9Ds3Pa0Te";

    private readonly string _directory = Directory.CreateTempSubdirectory("bulwark-gitleaks-").FullName;

    private static string FixturePath => Path.Combine(AppContext.BaseDirectory, "Fixtures", "acme.gitleaks.toml");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_realistic_config_extends_the_built_in_rules_and_adds_its_own()
    {
        var config = GitleaksConfig.Load(FixturePath);

        Assert.Equal("Acme platform gitleaks config", config.Title);
        Assert.Equal(Path.GetFullPath(FixturePath), config.SourcePath);
        var ids = config.Rules.Select(r => r.Id).ToList();
        Assert.DoesNotContain("aws-access-key-id", ids);
        Assert.Equal(BuiltInRules.All.Count - 1 + 3, ids.Count);
        Assert.Contains(config.Allowlists, a => a == SecretsConfig.BuiltInAllowlist);

        var token = config.Rules.Single(r => r.Id == "acme-service-token");
        Assert.Equal("Acme internal service token", token.Description);
        Assert.Equal(@"(?i)\b(acme_(?:live|test)_[0-9A-Za-z]{32})\b", token.Regex);
        Assert.Equal((1, 3.5), (token.SecretGroup, token.Entropy));
        Assert.Equal(["acme_live", "acme_test"], token.Keywords);
        Assert.Equal(["internal", "acme"], token.Tags);
        Assert.Equal(2, token.Allowlists.Count);
        Assert.Equal(AllowlistCondition.And, token.Allowlists[1].Condition);
        Assert.Equal(Severity.Critical, config.Rules.Single(r => r.Id == "acme-db-password").Severity);
    }

    [Fact]
    public void The_loaded_config_detects_and_allows_as_gitleaks_would()
    {
        var detector = new SecretDetector(GitleaksConfig.Load(FixturePath));

        // The built-in rules (a generic one, say) may report these lines too: only the config's own rules are looked at.
        IEnumerable<SecretMatch> Acme(string text, SecretSource source) =>
            detector.Detect(text, source).Matches.Where(m => m.RuleId.StartsWith("acme-", StringComparison.Ordinal));

        Assert.Equal(LiveToken, Assert.Single(Acme($"TOKEN = \"{LiveToken}\"", new("src/app.py"))).Secret);
        Assert.Empty(Acme($"TOKEN = \"{LiveToken}\"", new("vendor/lib/app.py")));
        Assert.Empty(Acme($"TOKEN = \"{LiveToken}\" # from https://example.com/docs", new("src/app.py")));
        Assert.Empty(Acme("token: acme_test_00000000000000000000000000000000", new("docs/setup.yaml")));
        Assert.Empty(Acme($"token: {TestToken}", new("pkg/testdata/tokens.txt")));
        Assert.Single(Acme($"token: {LiveToken}", new("pkg/testdata/tokens.txt")));
        Assert.Empty(Acme($"token: {LiveToken}", new("src/app.py", "7f3c9e2a1b4d5c6e7f8091a2b3c4d5e6f7a8b9c0")));
        Assert.Equal("hunter2hunter2", Assert.Single(Acme("url = acme-db://svc:hunter2hunter2@db.internal:5432/app", new("deploy/env"))).Secret);
        Assert.Equal("file detected: keys/acme-release.key", Assert.Single(Acme("", new("keys/acme-release.key"))).Match);
    }

    [Fact]
    public void A_rule_with_a_built_in_id_refines_the_built_in_rule()
    {
        var builtIn = BuiltInRules.All[0];
        var config = Parse($$"""
            [extend]
            useDefault = true

            [[rules]]
            id = "{{builtIn.Id}}"
            keywords = ["extra-keyword"]
            tags = ["refined"]
              [rules.allowlist]
              stopwords = ["sandbox"]
            """);

        var rule = config.Rules.Single(r => r.Id == builtIn.Id);

        Assert.Equal(builtIn.Regex, rule.Regex);
        Assert.Equal(builtIn.Description, rule.Description);
        Assert.Equal([.. builtIn.Keywords, "extra-keyword"], rule.Keywords);
        Assert.Contains("refined", rule.Tags);
        Assert.Equal(builtIn.Allowlists.Count + 1, rule.Allowlists.Count);
    }

    [Fact]
    public void A_new_regex_for_a_built_in_id_does_not_inherit_a_secret_group_it_lacks()
    {
        // The built-in rules are not gitleaks' defaults; a user's own rule can share an id with one by chance.
        var builtIn = BuiltInRules.All.First(r => r.SecretGroup > 0);
        var config = Parse($$"""
            [extend]
            useDefault = true

            [[rules]]
            id = "{{builtIn.Id}}"
            regex = '''\bmine_[0-9]{8}\b'''
            keywords = ["mine_"]
            """);

        var rule = config.Rules.Single(r => r.Id == builtIn.Id);

        Assert.Equal((@"\bmine_[0-9]{8}\b", 0), (rule.Regex, rule.SecretGroup));
        Assert.Contains(config.Warnings, w => w.Contains($"rule '{builtIn.Id}' replaces the regex", StringComparison.Ordinal));
        Assert.Contains(new SecretDetector(config).Detect("id = mine_12345678"), m => m.RuleId == builtIn.Id && m.Secret == "mine_12345678");
    }

    [Fact]
    public void Over_the_built_in_rules_gitleaks_default_ids_name_their_built_in_counterparts()
    {
        // Written for gitleaks: its default ids, which the built-in rules name differently.
        var config = Parse("""
            [extend]
            useDefault = true
            disabledRules = ["generic-api-key"]

            [[rules]]
            id = "private-key"
            tags = ["reviewed"]
              [[rules.allowlists]]
              paths = ['''^test/fixtures/''']

            [[allowlists]]
            targetRules = ["aws-access-token", "curl-auth-header"]
            regexTarget = "line"
            regexes = ['''# fixture''']
            """);

        var ids = config.Rules.Select(r => r.Id).ToList();
        var detector = new SecretDetector(config);
        const string Key = "AKIAQ7X2KD9MVW4ZTB8N";

        Assert.DoesNotContain("generic-secret-assignment", ids);
        Assert.DoesNotContain("generic-password-assignment", ids);
        Assert.DoesNotContain("private-key", ids);
        Assert.All(config.Rules.Where(r => r.Id.StartsWith("private-key-", StringComparison.Ordinal)), r => Assert.Contains("reviewed", r.Tags));
        Assert.Contains(detector.Detect($"aws_access_key_id = {Key}"), m => m.RuleId == "aws-access-key-id");
        Assert.DoesNotContain(detector.Detect($"aws_access_key_id = {Key} # fixture"), m => m.RuleId == "aws-access-key-id");
        Assert.Contains(config.Warnings, w => w.Contains("gitleaks' default rule 'curl-auth-header'", StringComparison.Ordinal));
        Assert.DoesNotContain(config.Warnings, w => w.Contains("generic-api-key", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_the_built_in_rules_a_gitleaks_default_id_must_exist_as_in_gitleaks()
    {
        var error = Assert.Throws<SecretConfigException>(() => Parse("""
            [[rules]]
            id = "mine"
            regex = '''mine_[0-9]{6}'''
            [[allowlists]]
            targetRules = ["aws-access-token"]
            stopwords = ["x"]
            """));

        Assert.Contains("'aws-access-token', which does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_counterpart_of_a_gitleaks_default_id_is_a_built_in_rule()
    {
        var builtIn = BuiltInRules.All.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);

        Assert.All(GitleaksDefaultRuleIds.AllCounterparts, id => Assert.Contains(id, builtIn));
        Assert.All(GitleaksDefaultRuleIds.AllGitleaksIds, id => Assert.DoesNotContain(id, builtIn));
    }

    [Fact]
    public void A_config_without_extend_has_only_its_own_rules()
    {
        var config = Parse("""
            [[rules]]
            id = "only"
            regex = '''only_[0-9]{6}'''
            """);

        Assert.Equal(["only"], config.Rules.Select(r => r.Id));
        Assert.Empty(config.Allowlists);
    }

    [Fact]
    public void Extend_path_is_read_relative_to_the_extending_file_and_stops_at_depth_two()
    {
        Write("grandparent.toml", """
            [extend]
            path = "unreachable.toml"
            [[rules]]
            id = "grandparent-rule"
            regex = '''gp_[0-9]{6}'''
            """);
        Write("base/parent.toml", """
            [extend]
            path = "../grandparent.toml"
            [[rules]]
            id = "parent-rule"
            regex = '''parent_[0-9]{6}'''
            [[allowlists]]
            paths = ['''^generated/''']
            """);
        var child = Write("child.toml", """
            [extend]
            path = "base/parent.toml"
            disabledRules = ["parent-rule"]
            [[rules]]
            id = "child-rule"
            regex = '''child_[0-9]{6}'''
            """);

        var config = GitleaksConfig.Load(child);

        Assert.Equal(["grandparent-rule", "child-rule"], config.Rules.Select(r => r.Id));
        Assert.Single(config.Allowlists);
        Assert.Contains(config.Warnings, w => w.Contains("at most 2 levels", StringComparison.Ordinal));
    }

    [Fact]
    public void Target_rules_attach_a_global_allowlist_to_named_rules_only()
    {
        var config = Parse("""
            [[rules]]
            id = "a"
            regex = '''a_[0-9]{6}'''
            [[rules]]
            id = "b"
            regex = '''b_[0-9]{6}'''
            [[allowlists]]
            targetRules = ["a"]
            stopwords = ["123"]
            """);

        var detector = new SecretDetector(config);

        Assert.Equal(["b"], detector.Detect("a_123456 b_123456").Select(m => m.RuleId));
    }

    [Fact]
    public void A_regex_that_spans_lines_finds_matches_across_lines_as_gitleaks_does()
    {
        // gitleaks runs each regex on the whole file; a block that spans lines is one match there, and here.
        var config = Parse("""
            [[rules]]
            id = "acme-key-block"
            regex = '''-----BEGIN ACME KEY-----[\s\S]{16,}?-----END ACME KEY-----'''
            keywords = ["-----begin acme key"]

            [[rules]]
            id = "acme-yaml-token"
            regex = '''acme_token:[ \t]{0,4}\n[ \t]{1,8}([a-z0-9]{24})'''
            keywords = ["acme_token"]

            [[rules]]
            id = "acme-one-line"
            regex = '''\b(acme_[a-z0-9]{24})(?:[\s;]|$)'''
            keywords = ["acme_"]

            [[rules]]
            id = "acme-told"
            regex = '''told[\s\S]+end'''
            multilineSpan = 64
            """);
        var block = "-----BEGIN ACME KEY-----\n" + string.Join('\n', Enumerable.Repeat("Zq8Lw2Xn5Vb7Mk4Hj6Gf9Ds3Pa0TeRy", 200)) + "\n-----END ACME KEY-----\n";
        var text = "header line\n" + block + "config:\n  acme_token:\n    q7x2kd9mvw4ztb8nlp3cyh6d\n";

        var matches = new SecretDetector(config).Detect(text, new SecretSource("keys/acme.txt")).Matches;

        Assert.Equal(block.TrimEnd('\n'), Assert.Single(matches, m => m.RuleId == "acme-key-block").Match);
        Assert.Equal("q7x2kd9mvw4ztb8nlp3cyh6d", Assert.Single(matches, m => m.RuleId == "acme-yaml-token").Secret);
        Assert.Equal(16384, config.Rules[0].MultilineSpan);
        Assert.Equal("acme_token:".Length + 4 + 1 + 8 + 24, config.Rules[1].MultilineSpan);
        Assert.Equal(0, config.Rules[2].MultilineSpan);
        Assert.Equal(64, config.Rules[3].MultilineSpan);
    }

    [Fact]
    public void A_catastrophic_user_regex_runs_on_the_linear_time_engine_and_finishes()
    {
        var config = Parse("""
            [[rules]]
            id = "nested-quantifiers"
            regex = '''(a+)+$'''
            """);
        var regex = RuleRegex.Create(config.Rules.Single().Regex, TimeSpan.FromSeconds(1));

        var result = new SecretDetector(config).Detect(new string('a', 50_000) + "!", new SecretSource("big.txt"));

        Assert.False(RuleRegex.IsBacktracking(regex));
        Assert.Empty(result.Matches);
        Assert.Empty(result.Warnings);
    }

    [Theory]
    [InlineData("[[rules]]\nid = \"bad\"\nregex = '''(?=lookahead)x'''", "rule 'bad'", "lookahead")]
    [InlineData("[[rules]]\nid = \"script\"\nregex = '''\\p{Greek}+'''", "rule 'script'", @"\p{Greek}")]
    [InlineData("[[rules]]\nid = \"grp\"\nregex = '''(a)b'''\nsecretGroup = 2", "rule 'grp'", "secretGroup 2")]
    [InlineData("[[rules]]\nid = \"empty\"", "rule 'empty'", "neither a regex nor a path")]
    [InlineData("[[rules]]\ndescription = \"no id\"\nregex = '''x'''", "no id", "no id")]
    [InlineData("[[rules]]\nid = \"al\"\nregex = '''x'''\n[[rules.allowlists]]\ndescription = \"nothing\"", "rule 'al'", "at least one of")]
    [InlineData("[[rules]]\nid = \"cond\"\nregex = '''x'''\n[[rules.allowlists]]\ncondition = \"XOR\"\npaths = ['''a''']", "rule 'cond'", "XOR")]
    [InlineData("[[rules]]\nid = \"target\"\nregex = '''x'''\n[[rules.allowlists]]\nregexTarget = \"file\"\nregexes = ['''a''']", "rule 'target'", "regexTarget 'file'")]
    [InlineData("[[rules]]\nid = \"e\"\nregex = '''x'''\nentropy = \"high\"", "rule 'e'", "expected a number")]
    [InlineData("[extend]\nuseDefault = true\npath = \"other.toml\"", "[extend]", "both useDefault and path")]
    [InlineData("[[allowlists]]\ntargetRules = [\"ghost\"]\nstopwords = [\"x\"]", "ghost", "does not exist")]
    [InlineData("[allowlist]\npaths = ['''(?<=x)y''']", "global allowlist", "lookbehind")]
    [InlineData("title = \"unterminated", "not valid TOML", "")]
    public void Invalid_configs_fail_with_the_file_the_rule_and_the_reason(string toml, string where, string reason)
    {
        var error = Assert.Throws<SecretConfigException>(() => GitleaksConfig.Parse(toml, "/repo/.gitleaks.toml"));

        Assert.StartsWith("/repo/.gitleaks.toml: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(where, error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal("/repo/.gitleaks.toml", error.ConfigPath);
    }

    [Fact]
    public void An_untranslatable_regex_names_the_construct()
    {
        var error = Assert.Throws<SecretConfigException>(() => GitleaksConfig.Parse("[[rules]]\nid = \"r\"\nregex = '''(a)\\1'''", "/repo/.gitleaks.toml"));

        Assert.Equal(("r", @"\1"), (error.RuleId, error.Construct));
    }

    [Fact]
    public void Keys_are_read_whatever_their_case_as_gitleaks_reads_them()
    {
        var config = Parse("""
            Title = "Mixed case"
            [[Rules]]
            ID = "upper"
            Regex = '''up_([0-9]{6})'''
            SecretGroup = 1
            Keywords = ["UP_"]
              [[Rules.Allowlists]]
              RegexTarget = "line"
              Regexes = ['''fixture''']
            [Extend]
            DisabledRules = ["nothing-to-disable"]
            """);

        var rule = Assert.Single(config.Rules);
        var detector = new SecretDetector(config);

        Assert.Equal(("Mixed case", "upper", 1, "up_"), (config.Title, rule.Id, rule.SecretGroup, rule.Keywords.Single()));
        Assert.Equal(AllowlistTarget.Line, Assert.Single(rule.Allowlists).RegexTarget);
        Assert.Equal("123456", Assert.Single(detector.Detect("key = up_123456")).Secret);
        Assert.Empty(detector.Detect("key = up_123456 # fixture"));
        Assert.DoesNotContain(config.Warnings, w => w.Contains("unknown key", StringComparison.Ordinal));
    }

    [Fact]
    public void Keys_gitleaks_does_not_read_are_ignored_with_a_warning_naming_them()
    {
        // A gitleaks v7 configuration: v8 ignores [whitelist], file and [[rules.Entropies]] without a word.
        var config = Parse("""
            title = "v7 style"
            [whitelist]
            files = ["(.*?)(jpg|gif)$"]
            [[rules]]
            id = "old"
            regex = '''old_[0-9]{6}'''
            file = '''\.py$'''
              [[rules.Entropies]]
              Min = "3.5"
              [rules.allowlist]
              regexes = ['''old_000000''']
              regex = '''typo'''
            """);

        Assert.Equal(["old"], config.Rules.Select(r => r.Id));
        Assert.Contains(config.Warnings, w => w.Contains("top level: unknown key 'whitelist' is ignored", StringComparison.Ordinal) && w.Contains("[allowlist]", StringComparison.Ordinal));
        Assert.Contains(config.Warnings, w => w.Contains("rule 'old': unknown key 'file'", StringComparison.Ordinal));
        Assert.Contains(config.Warnings, w => w.Contains("rule 'old': unknown key 'Entropies'", StringComparison.Ordinal));
        Assert.Contains(config.Warnings, w => w.Contains("rule 'old' allowlist: unknown key 'regex'", StringComparison.Ordinal));
        Assert.All(config.Warnings, w => Assert.StartsWith("/repo/.gitleaks.toml: ", w, StringComparison.Ordinal));
    }

    [Fact]
    public void A_rule_defined_twice_is_the_later_definition_with_a_warning_as_in_gitleaks()
    {
        var config = Parse("""
            [[rules]]
            id = "twice"
            regex = '''first_[0-9]{6}'''
            [[rules]]
            id = "other"
            regex = '''other_[0-9]{6}'''
            [[rules]]
            id = "twice"
            regex = '''second_[0-9]{6}'''
            """);

        Assert.Equal(["other", "twice"], config.Rules.Select(r => r.Id));
        Assert.Equal("second_[0-9]{6}", config.Rules[1].Regex);
        Assert.Contains(config.Warnings, w => w.Contains("rule 'twice' is defined twice", StringComparison.Ordinal));
    }

    [Fact]
    public void Composite_rules_are_accepted_with_a_warning()
    {
        var config = Parse("""
            [[rules]]
            id = "pair"
            regex = '''x_[0-9]{4}'''
              [[rules.required]]
              id = "pair"
            """);

        Assert.Contains(config.Warnings, w => w.Contains("rules.required", StringComparison.Ordinal));
    }

    private static SecretsConfig Parse(string toml) => GitleaksConfig.Parse(toml, "/repo/.gitleaks.toml");

    private string Write(string relativePath, string content)
    {
        var path = Path.Combine(_directory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }
}
