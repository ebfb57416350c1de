using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Rules;

public static partial class BuiltInRules
{
    // Package registries and artifact stores: a publish token lets an attacker ship code to every consumer
    // (supply-chain), so these are High or Critical.
    private static IEnumerable<SecretRule> PackageRegistries()
    {
        yield return new SecretRule
        {
            Id = "npm-access-token",
            Description = "npm access token",
            Severity = Severity.Critical,
            Regex = @"\b(npm_[A-Za-z0-9]{36})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("npm_"),
            Tags = EquatableArray.Of("package-registry", "npm"),
            TruePositives = EquatableArray.Of(
                "NPM_TOKEN = \"npm_luoupZ34fPRjGp3wLHOQCKoaTTuXXlQSyJ2V\"",
                "NPM_TOKEN=npm_54uVQ5vA4dSfWlPB4q2BxEqfaSI2P3L2VoBn",
                "//registry.npmjs.org/:_authToken=npm_cs4rhZqOFR05tFPuPPLQ98uS00J62CzpTjHd"),
            FalsePositives = EquatableArray.Of(
                "NPM_TOKEN=npm_cIrpcNW2pgdMylWYIJuvVgjpVZgLRn0avyU",
                "npm_token: npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // Any registry's token in an .npmrc line: known by its place, so a vendor rule (npm_, ghp_) on the same token wins.
        yield return new SecretRule
        {
            Id = "npmrc-auth-token",
            Description = "Registry auth token in .npmrc",
            Severity = Severity.High,
            Regex = @"(?:^|[\s""'`>=])//[A-Za-z0-9.:/_-]{1,200}:_(?i:authToken)\s{0,3}=\s{0,3}[""\']?([A-Za-z0-9._~+/=-]{20,300})(?:[""\'`\s\\<,;]|$)",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("_authtoken"),
            Specificity = RuleSpecificity.Placement,
            Tags = EquatableArray.Of("package-registry", "npm"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "//npm.fontawesome.com/:_authToken=5C1D9A2E-7B4F-4E8A-9C3D-2F6B8A1E4D70",
                "//artifactory.acme.internal/api/npm/npm-virtual/:_authToken=17JC8eKK65hD_v7H2kncx4naRiAnjUkKvHstxaM8Vp7e7-UaNld5WDRqDH7WS_ji"),
            FalsePositives = EquatableArray.Of(
                "//registry.npmjs.org/:_authToken=${NPM_TOKEN}",
                "//registry.npmjs.org/:_authToken=aBOcrNiS3J",
                "//registry.npmjs.org/:_authToken=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // _auth is base64("user:password"); the = after _auth keeps _authToken lines out.
        yield return new SecretRule
        {
            Id = "npmrc-basic-auth",
            Description = "Base64 credentials (_auth) in .npmrc",
            Severity = Severity.High,
            Regex = @"(?:^|[\s""'`>=])(?://[A-Za-z0-9.:/_-]{1,200}:)?_auth\s{0,3}=\s{0,3}[""\']?([A-Za-z0-9+/]{12,300}={0,2})(?:[""\'`\s\\<,;]|$)",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("_auth"),
            Specificity = RuleSpecificity.Placement,
            Tags = EquatableArray.Of("package-registry", "npm"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "_auth=vintAOe+AUV3yRZQbvCGCBe2tzv4cxCM6ayysh7q",
                "//nexus.acme.io/repository/npm-group/:_auth=vvk5cvbOv6u1jPR3dXj2/8T9FQyJOCaX3I=="),
            FalsePositives = EquatableArray.Of(
                "_auth=${NPM_AUTH}",
                "_auth=OJO0/uPB",
                "_authToken=MxdOBV/y0vEQKl85Sa8RHAsNrdP9ukARbR2L6idp"),
        };

        yield return new SecretRule
        {
            Id = "yarnrc-npm-auth-token",
            Description = "npm auth token in .yarnrc.yml",
            Severity = Severity.High,
            Regex = $@"(?i:npm)[\w.-]{{0,20}}(?i:auth[_.-]?token|authtoken)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9._~+/=-]{{20,300}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("npm"),
            Tags = EquatableArray.Of("package-registry", "npm", "yarn"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "\"npm_auth_token\": \"npm_F2kAP3BKEfhSn25nGoQNNioXFihyX8yseNzS\",",
                "npm_auth_token = npm_cOra42LX3WnBnW8LUnRQsb1YHcoOcpI04ukM",
                "  npmAuthToken: \"DWcIZ_XkNOda-4KlTnI7hy-VRAwIjgxWRmgn_jlh\""),
            FalsePositives = EquatableArray.Of(
                "NPM_AUTH_TOKEN=${NPM_AUTH_TOKEN}",
                "auth_token = npm_qhEuo18CP5URf7wF4jEU0vUnoBbIsCxaOcq5"),
        };

        // PyPI tokens are base64url macaroons whose first bytes encode the location "pypi.org", a fixed prefix.
        yield return new SecretRule
        {
            Id = "pypi-upload-token",
            Description = "PyPI API token",
            Severity = Severity.Critical,
            Regex = @"\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 4.0,
            Keywords = EquatableArray.Of("pypi-ageichlwas5vcmc"),
            Tags = EquatableArray.Of("package-registry", "pypi"),
            Validator = SecretValidator.PyPiMacaroon,
            TruePositives = EquatableArray.Of(
                "$env:TWINE_PASSWORD = \"pypi-AgEIcHlwaS5vcmcCO3sibm9uY2UiOiAiMTgwZGM4MmY4OTRhNTE4Y2FmNDAwZjRjNjczODg5YmQiLCAidmVyc2lvbiI6IDF9AAIleyJwZXJtaXNzaW9ucyI6ICJ1c2VyIiwgInZlcnNpb24iOiAxfQAABiC2ZaIBy08F8AJiQp_RWbkcsTEDeTLE4hG5C7jWrIOoJw\"",
                "\"twine_password\": \"pypi-AgEIcHlwaS5vcmcCO3sibm9uY2UiOiAiZmY0NWMyMmJhOTA2ZDhlOGVlNGJhZTJhZGJiZjkwMTYiLCAidmVyc2lvbiI6IDF9AAIleyJwZXJtaXNzaW9ucyI6ICJ1c2VyIiwgInZlcnNpb24iOiAxfQAABiAPlQjSSWreRlMoBzQYNFNwIvDKkxpw-Z30G4bIQMLMKw\",",
                "password = pypi-AgEIcHlwaS5vcmcCO3sibm9uY2UiOiAiNGEwZmE3Yzg1NzQ4MGI3NzNkZmU2NDAxM2E1NmZiNjgiLCAidmVyc2lvbiI6IDF9AAIleyJwZXJtaXNzaW9ucyI6ICJ1c2VyIiwgInZlcnNpb24iOiAxfQAABiDfmLOtOTlmbGAX79PZRGYUGrxO4uNMtcXSrJpFoUAYgA"),
            FalsePositives = EquatableArray.Of(
                "TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmcCnaiZ5wUAbafkliRYVCEgXCoDK5AWp",
                "TWINE_PASSWORD=pypi-AgENdGVzdC5weXBpLm9yZwCqWxzM58z_6j-nFeL7RfcZaWyKw6fqJwUMEJFKb0xhNqLBQslPJqIH3e3Sazf6QvYyN2hOhjtzkFZUdgIZZEqnkjow80lsUgtG0ul9aZi7PY7OGtqvJjSgcM",
                "twine_password: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // test.pypi.org is a sandbox, hence Medium. Same macaroon shape with location "test.pypi.org".
        yield return new SecretRule
        {
            Id = "test-pypi-upload-token",
            Description = "TestPyPI API token",
            Severity = Severity.Medium,
            Regex = @"\b(pypi-AgENdGVzdC5weXBpLm9yZw[A-Za-z0-9_-]{50,})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 4.0,
            Keywords = EquatableArray.Of("pypi-agendgvzdc5wexbplm9yzw"),
            Tags = EquatableArray.Of("package-registry", "pypi", "test-key"),
            TruePositives = EquatableArray.Of(
                "test_pypi_token = pypi-AgENdGVzdC5weXBpLm9yZwI7eyJub25jZSI6ICI2NDFmOTU1YmY1Yjc1YjM4MDVlNDcwYzc3ZjgzYTVmYiIsICJ2ZXJzaW9uIjogMX0AAiV7InBlcm1pc3Npb25zIjogInVzZXIiLCAidmVyc2lvbiI6IDF9AAAGIAolizuxqIFAq_ckbWrcm6Q_ZIJ_UV0C_bWYqXlppVk5",
                "const testPypiToken = 'pypi-AgENdGVzdC5weXBpLm9yZwI7eyJub25jZSI6ICIwMWQwOTkwMjFmNDdjNzJmZGUzZGE3YmVlMDg5ZjRhNSIsICJ2ZXJzaW9uIjogMX0AAiV7InBlcm1pc3Npb25zIjogInVzZXIiLCAidmVyc2lvbiI6IDF9AAAGIBh-yJINGrSi9ZdMDcK-4a6fC7l9UqqgxvcmJVm0zbSS';"),
            FalsePositives = EquatableArray.Of(
                "TEST_PYPI_TOKEN=pypi-AgENdGVzdC5weXBpLm9yZwX2znJ_BYSf4FYZwB9cEU",
                "TEST_PYPI_TOKEN=pypi-AgEIcHlwaS5vcmciHWIt44Wy8GNXBqUL1dXekgqWrNx9LVsgylkbpzA5tujGBDRXvW8eUC57838qUwFwkOe8B0m4r0Xkrc3E8diU6osggrSascw-g3nxcC1A62aVtbGLCJo4K1G",
                "test_pypi_token: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "nuget-api-key",
            Description = "NuGet.org API key",
            Severity = Severity.Critical,
            Regex = @"\b(oy2[a-z0-9]{43})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("oy2"),
            Tags = EquatableArray.Of("package-registry", "nuget"),
            TruePositives = EquatableArray.Of(
                "NUGET_API_KEY=oy2rc4hhxq3w51si9xylvhmftjg154ewlkww8k0p8vdrfl",
                "      NUGET_API_KEY: oy22zvkbqf8n8d4pa6w5zhalsiym9sl41saxxk07xu1j1p",
                "dotnet nuget push bin/Release/*.nupkg --api-key oy2ywr60dt3ir93o6vpok8qwno9bgz6fnkf0r8isdwm4ms --source https://api.nuget.org/v3/index.json"),
            FalsePositives = EquatableArray.Of(
                "NUGET_API_KEY=oy2pc3uvf5weps96bszzxwa90ckisi9og6ltatlexaz7y",
                "nuget_api_key: oy2xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "nuget-config-password",
            Description = "Clear-text password in NuGet.config",
            Severity = Severity.High,
            Regex = @"<add\s{1,5}key\s{0,3}=\s{0,3}\\{0,3}""(?i:ClearTextPassword)\\{0,3}""\s{1,5}value\s{0,3}=\s{0,3}\\{0,3}""([^""\s$%\\]{8,200})\\{0,3}""",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("cleartextpassword"),
            Tags = EquatableArray.Of("package-registry", "nuget"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                """      <add key="ClearTextPassword" value="kZrzY^vaPu9wKV5Z28EkejD4" />""",
                """<add key="ClearTextPassword" value="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" />"""),
            FalsePositives = EquatableArray.Of(
                """<add key="ClearTextPassword" value="%FEED_PASSWORD%" />""",
                """<add key="ClearTextPassword" value="$(FeedPat)" />""",
                """<add key="ClearTextPassword" value="xxxxxxxxxxxx" />"""),
        };

        yield return new SecretRule
        {
            Id = "rubygems-api-key",
            Description = "RubyGems.org API key",
            Severity = Severity.Critical,
            Regex = @"\b(rubygems_[a-f0-9]{48})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("rubygems_"),
            Tags = EquatableArray.Of("package-registry", "rubygems"),
            TruePositives = EquatableArray.Of(
                "export GEM_HOST_API_KEY=\"rubygems_bc07b9a097594c3a1c6fb4649902d92b8f92ecd4325d5ac6\"",
                "      GEM_HOST_API_KEY: rubygems_5ebcdfca7369ba26952b6d139fe450b645fbb96790638033",
                ":rubygems_api_key: rubygems_bfa40762124a2c859c8996bc664fb341853ec536c80420e8"),
            FalsePositives = EquatableArray.Of(
                "GEM_HOST_API_KEY=rubygems_480575fbd7a444ebc2e2f105858839a878ae53812121557",
                "gem_host_api_key: rubygems_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "crates-io-api-token",
            Description = "crates.io API token",
            Severity = Severity.Critical,
            Regex = @"\b(cio[A-Za-z0-9]{32})\b",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("cio"),
            Tags = EquatableArray.Of("package-registry", "crates"),
            TruePositives = EquatableArray.Of(
                "\"cargo_registry_token\": \"ciovsHgQBOC45oaamK5YfdFJF2yH66MQyyu\",",
                "$env:CARGO_REGISTRY_TOKEN = \"cioKZJP6rDEP7ngbLswqTGgSx7vvmodQvv4\"",
                "cargo publish --token cioN9aygu7D7xfRU1ukvxRJgkqQbxruCbe7"),
            FalsePositives = EquatableArray.Of(
                "CARGO_REGISTRY_TOKEN=cioozhUUkFBTlZoLPbZ7tfRNIkLEQ7VJSW",
                "cargo_registry_token: cioxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "dockerhub-pat",
            Description = "Docker Hub personal access token",
            Severity = Severity.High,
            Regex = @"\b(dckr_pat_[A-Za-z0-9_-]{27})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("dckr_pat_"),
            Tags = EquatableArray.Of("package-registry", "dockerhub"),
            TruePositives = EquatableArray.Of(
                "ENV DOCKERHUB_TOKEN=dckr_pat_ZYWN15f3RRMVtKAl0MJedDvRMKU",
                "dockerhub_token: dckr_pat_Ozp4E8oZqBhN7r4g6J6jJOjf3WL",
                "echo dckr_pat_be2C4tAffpxrXaJXT0_y7dxrAVx | docker login -u ci-bot --password-stdin"),
            FalsePositives = EquatableArray.Of(
                "DOCKERHUB_TOKEN=dckr_pat_2MrCOSDCPcP8RFpRXeWjRL4PDk",
                "dockerhub_token: dckr_pat_xxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "dockerhub-org-access-token",
            Description = "Docker Hub organization access token",
            Severity = Severity.High,
            Regex = @"\b(dckr_oat_[A-Za-z0-9_-]{32})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("dckr_oat_"),
            Tags = EquatableArray.Of("package-registry", "dockerhub"),
            TruePositives = EquatableArray.Of(
                "const dockerOrgToken = 'dckr_oat_dC-bEJB0ljd4YQl9O46p9mp2JD8TbNnL';",
                "export DOCKER_ORG_TOKEN=\"dckr_oat_KnUT56Qg5tfaVFEPghKOW1G6_evmoml6\""),
            FalsePositives = EquatableArray.Of(
                "DOCKER_ORG_TOKEN=dckr_oat_yakdmz0laWG2FpTJCmmYWxo-pTjTun0",
                "docker_org_token: dckr_oat_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // "auth" is base64("user:password"); only inside an "auths" object so other "auth" keys stay out.
        yield return new SecretRule
        {
            Id = "docker-config-auth",
            Description = "Registry credentials in Docker config.json",
            Severity = Severity.High,
            Regex = @"\\{0,3}""auths\\{0,3}""\s{0,5}:\s{0,5}\{[^}]{0,300}\\{0,3}""auth\\{0,3}""\s{0,5}:\s{0,5}\\{0,3}""([A-Za-z0-9+/]{16,}={0,2})\\{0,3}""",
            SecretGroup = 1,
            MultilineSpan = 400,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("auths"),
            Tags = EquatableArray.Of("package-registry", "docker"),
            TruePositives = EquatableArray.Of(
                """{"auths": {"https://index.docker.io/v1/": {"auth": "Y2ktYm90Om05NSE5UXVFdlZeQVNwXnZ3YVNp"}}}""",
                """
                {
                  "auths": {
                    "registry.gitlab.com": {
                      "auth": "ZGVwbG95OnZKc3BYelJGPTNjODlWVVJZVnNO"
                    }
                  }
                }
                """),
            FalsePositives = EquatableArray.Of(
                """{"auths": {"https://index.docker.io/v1/": {}}, "credsStore": "desktop"}""",
                """{"auths": {"ghcr.io": {"auth": "${AUTH}"}}}"""),
        };

        yield return new SecretRule
        {
            Id = "jfrog-api-key",
            Description = "JFrog Artifactory API key",
            Severity = Severity.High,
            Regex = @"\b(AKCp[A-Za-z0-9]{69})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("akcp"),
            Tags = EquatableArray.Of("package-registry", "jfrog"),
            TruePositives = EquatableArray.Of(
                "artifactory_api_key: AKCpdmW6neGeQRSxzMzxSUN9UxplCAnM2v4hXLb1Ay4mdbusGih46L9jsBCxlSOrOkT1V9fRK",
                "artifactory_api_key = \"AKCpej7oVfh9SyVe8M2OCe3pYYCBtUj4Npr0D9HIwurKCZ36BNe2iq7IVHMlWFxzZn799AWi5\""),
            FalsePositives = EquatableArray.Of(
                "ARTIFACTORY_API_KEY=AKCp7G0aV9cppVfq71n3UsEP8drfDNIdpJByuSUNArDOzkAlEHx0jg3XkbgIc33gkS5i9Wk8",
                "artifactory_api_key: AKCpxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // Reference tokens are base64("reftkn:01:..."), so their first 15 chars are fixed.
        yield return new SecretRule
        {
            Id = "jfrog-identity-token",
            Description = "JFrog Artifactory reference / identity token",
            Severity = Severity.High,
            Regex = @"\b(cmVmdGtuOjAxOj[A-Za-z0-9]{50})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("cmvmdgtu"),
            Tags = EquatableArray.Of("package-registry", "jfrog"),
            TruePositives = EquatableArray.Of(
                "export JFROG_ACCESS_TOKEN=\"cmVmdGtuOjAxOjFbbUfEW0s2yFmon8kwG6Lnuo0ymYgRIdj6feajfCF9ePGluhiC\"",
                "jfrog_access_token = \"cmVmdGtuOjAxOjUv26GiVLoAtNv1mqv77lfkvN5dZKHobVcyywc4f2UD7O3TIiK2\""),
            FalsePositives = EquatableArray.Of(
                "JFROG_ACCESS_TOKEN=cmVmdGtuOjAxOjYzQD3HquaCZunGmutOtUUg11lBZYZtFC80he4WTkKouhctTL0",
                "jfrog_access_token: cmVmdGtuOjAxOjxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "clojars-deploy-token",
            Description = "Clojars deploy token",
            Severity = Severity.High,
            Regex = @"\b(CLOJARS_[A-Za-z0-9]{60})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("clojars_"),
            Tags = EquatableArray.Of("package-registry", "clojars"),
            TruePositives = EquatableArray.Of(
                "CLOJARS_PASSWORD=CLOJARS_eZiGnn81l4blyndi7qX5gbEGXMHgmcm5OSnwPvrLFE6opmg9Cz2gh3LFjXgl",
                "CLOJARS_PASSWORD = \"CLOJARS_n906e3pkyi7d3ug6zp6t9w22i2itu9l6rkxy6csemydktqny2azjch5osztc\"",
                "      CLOJARS_PASSWORD: CLOJARS_endiepo4yw9peyqzahzmn241cdw1dxkflxn5qv5ai5j587jvt3zl6x95oquc"),
            FalsePositives = EquatableArray.Of(
                "CLOJARS_PASSWORD=CLOJARS_9mg46uer50j2ppsqq5j3flezehhxnpi5668nx6ezlhjnux57j4jcontszd0",
                "clojars_password: CLOJARS_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // Maven-encrypted passwords are {braced}; the entropy floor skips "secret"/"password" stand-ins.
        yield return new SecretRule
        {
            Id = "maven-settings-password",
            Description = "Server password in Maven settings.xml",
            Severity = Severity.High,
            Regex = @"<server>[^<]{0,50}(?:<(?:id|username)>[^<]{0,100}</(?:id|username)>\s{0,50}){1,2}<password>([^<${}\s]{8,200})</password>",
            SecretGroup = 1,
            MultilineSpan = 400,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("<server>"),
            Tags = EquatableArray.Of("package-registry", "maven"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "<server><id>ossrh</id><username>release-bot</username><password>ZYPUU&PCJi4RSSjXg6HA</password></server>",
                """
                <server>
                  <id>nexus-releases</id>
                  <username>deployer</username>
                  <password>4qxehtnVMsjG37tofaHNHAcgy9fnJ7UB</password>
                </server>
                """),
            FalsePositives = EquatableArray.Of(
                "<server><id>ossrh</id><username>bot</username><password>${env.OSSRH_PASSWORD}</password></server>",
                "<server><id>ossrh</id><username>bot</username><password>{COQLCE6DU6GtcS5P=}</password></server>",
                "<server><id>central</id><username>bot</username><password>secret</password></server>"),
        };

        yield return new SecretRule
        {
            Id = "gradle-plugin-portal-key",
            Description = "Gradle Plugin Portal publishing key or secret",
            Severity = Severity.High,
            Regex = @"(?i:gradle\.publish\.(?:key|secret))\s{0,3}[=:]\s{0,3}[""\']?([A-Za-z0-9]{32})\b",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("gradle.publish."),
            Tags = EquatableArray.Of("package-registry", "gradle"),
            TruePositives = EquatableArray.Of(
                "gradle.publish.key=CfWy5GTIVxlthOWY34ddUtTE8TiKChFk",
                "gradle.publish.secret=t8coPhPfcgzUXM91tmW32LQDjFbr5dQD"),
            FalsePositives = EquatableArray.Of(
                "gradle.publish.key=${GRADLE_PUBLISH_KEY}",
                "gradle.publish.secret=TyKA92rrERJMgZfIrSMT"),
        };

        yield return new SecretRule
        {
            Id = "packagist-token",
            Description = "Private Packagist / Composer auth token",
            Severity = Severity.High,
            Regex = $@"(?i:packagist|composer)[\w.-]{{0,20}}(?i:token)[\w.-]{{0,16}}{ServiceKeyAssignment}(packagist_[a-z]{{3}}_[a-f0-9]{{68}}|[a-f0-9]{{40}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("packagist", "composer"),
            Tags = EquatableArray.Of("package-registry", "packagist"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "PACKAGIST_TOKEN=packagist_ort_ab096176f69855ef10f118065b9e27cee5e676162f5179417b8bf5f37dc08eaa5f5e",
                "      COMPOSER_TOKEN: packagist_ort_d1688fa0206155772d11b8ff32b97201332253f376ee5b03affaf40504e43f457ef3"),
            FalsePositives = EquatableArray.Of(
                "PACKAGIST_TOKEN=${PACKAGIST_TOKEN}",
                "      TOKEN: packagist_ort_eb469c4de3995277c23dab6acc315eae2f5e2934fce325f11b0884bb262b0a59beb2"),
        };

        yield return new SecretRule
        {
            Id = "jfrog-access-token",
            Description = "JFrog / Artifactory API key or access token assignment",
            Severity = Severity.High,
            Regex = $@"(?i:jfrog|artifactory|bintray|xray)[\w.-]{{0,20}}(?i:token|key|secret|password)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{73}}|[A-Za-z0-9]{{64}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            // Known by the key it is assigned to: a vendor-format rule (AKCp…, cmVmdGtu…, t1.9euel…) on the same value says more.
            Specificity = RuleSpecificity.Placement,
            Keywords = EquatableArray.Of("jfrog", "artifactory", "bintray", "xray"),
            Tags = EquatableArray.Of("package-registry", "jfrog"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "JFROG_ACCESS_TOKEN=o3kz9Tm7OIfhLFM49DG1JF7MOVuRDOiYCxZlptDQlB9MHg5PSXdxzzqzWXTWnlwR",
                "artifactory_api_key: \"ypwkgfREXkJhmJbofGo7f78CuJtb2WwQg7973HK6N21nzrz64slnPsobd0AvhjHPd6Y7wDJGK\""),
            FalsePositives = EquatableArray.Of(
                "JFROG_ACCESS_TOKEN=${JFROG_ACCESS_TOKEN}",
                "ARTIFACTORY_URL=https://acme.jfrog.io/artifactory"),
        };

        yield return new SecretRule
        {
            Id = "sidekiq-secret",
            Description = "Sidekiq Pro/Enterprise gem server credentials",
            Severity = Severity.High,
            Regex = @"(?i:BUNDLE_(?:ENTERPRISE|GEMS)__CONTRIBSYS__COM)[""']?\s{0,3}(?:=|:)\s{0,3}[""']?([a-f0-9]{8}:[a-f0-9]{8})\b",
            SecretGroup = 1,
            Keywords = EquatableArray.Of("__contribsys__com"),
            Tags = EquatableArray.Of("package-registry", "sidekiq", "ruby"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "BUNDLE_ENTERPRISE__CONTRIBSYS__COM=5834381f:0e00108d",
                "BUNDLE_GEMS__CONTRIBSYS__COM: \"8e93b8b1:4e124d15\""),
            FalsePositives = EquatableArray.Of(
                "BUNDLE_GEMS__CONTRIBSYS__COM=${SIDEKIQ_CREDENTIALS}",
                "BUNDLE_GEMS__CONTRIBSYS__COM=f5172609"),
        };

        yield return new SecretRule
        {
            Id = "sidekiq-sensitive-url",
            Description = "Sidekiq Pro/Enterprise gem server URL with credentials",
            Severity = Severity.High,
            Regex = @"\bhttps?://([a-f0-9]{8}:[a-f0-9]{8})@(?:gems|enterprise)\.contribsys\.com\b",
            SecretGroup = 1,
            Keywords = EquatableArray.Of("contribsys.com"),
            Tags = EquatableArray.Of("package-registry", "sidekiq", "ruby"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "source \"https://0351e6a1:c5f8be31@enterprise.contribsys.com/\" do",
                "bundle config gems.contribsys.com https://6ac7411a:6f9c21cf@gems.contribsys.com/"),
            FalsePositives = EquatableArray.Of(
                "source \"https://gems.contribsys.com/\" do",
                "https://user:pass@gems.contribsys.com/"),
        };
    }
}
