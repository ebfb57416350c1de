using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Rules;

public static partial class BuiltInRules
{
    // Business SaaS: project tracking, CRM, content, design, storage and maps. Tokens read or change
    // company data, so they are High unless noted.
    private static IEnumerable<SecretRule> Saas()
    {
        yield return new SecretRule
        {
            Id = "atlassian-api-token",
            Description = "Atlassian (Jira, Confluence, Bitbucket) API token",
            Severity = Severity.High,
            Regex = @"\b(ATATT3[A-Za-z0-9_=-]{150,250})(?:[^A-Za-z0-9_=-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("atatt3"),
            Tags = EquatableArray.Of("saas", "atlassian", "jira", "confluence"),
            TruePositives = EquatableArray.Of(
                "ENV JIRA_API_TOKEN=ATATT3xFfGF04fRfOWT0xAwwn3RykXNt_ZFnoIHJQ4dHhuWIm15NBf74G1yxxbFOsK9O4oVzdQqQjadz1rc-0h_6p2UeEfFI6Qym6tfl6xKU7w1JZ5CU-NqGl9NXbd8mzXLGJKNQmkStKRmO5k8TnrD6lwEtdYfgjHsy9atV_moKHZaOPZX5ML=CA164537",
                "os.environ[\"JIRA_API_TOKEN\"] = \"ATATT3xFfGF04fjE2Q6HKxxc6dkLFiSpRO_Wyyj9rLJToDgFR76SO-nXIHNc6szQlZmHyzbY-jqEeMAQWrNQzAWJR6eUQJfVhu_NYKNUfEXJfVudG6LfTCR2sxnjdFsne0z468dl4wloyNU8R3lKVIgWvOlx63bOVPw3iE0u_Crew8Rrqqjc7X=54BB63A0\"",
                "curl -u ops@acme.io:ATATT3xFfGF0YT7rCeZDXPZ_g28RJrqoQNs44hvDg0qfF0ddTPM5xqz93tD3D3PibieuIjzuI2BBxkvg4XwL7tWALqfwx9HlfbzH2uj_YTqHqDZJ9rmM5lgGxuXQF7mgbNHVbQtA9KoUiDpQu11eyisKWzMPB8RHnD5sqnf4jkP1Ifw8Frx9=98137EAD https://acme.atlassian.net/rest/api/3/myself"),
            FalsePositives = EquatableArray.Of(
                "JIRA_API_TOKEN=ATATT3xFfGF0FQ5JSCSA5a06GIAOFuyr1g0E_xyQo3iPnFtc4JXd8iWxrpz2cfUJNznQVSFmZEjIc5xSywuXtcnCDz11UgR7Nfw8-qT5TjpagRSuIWaMhvtBtM4lfHgMIP0lyqTcdjfKats7Noj41vrORXs",
                "jira_api_token: ATATT3xFfGF0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "atlassian-api-token-legacy",
            Description = "Atlassian API token (unprefixed 24-char format)",
            Severity = Severity.High,
            Regex = $@"(?i:jira|confluence|atlassian)[\w.-]{{0,20}}(?i:token|api[_.-]?key|password)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{24}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("jira", "confluence", "atlassian"),
            Tags = EquatableArray.Of("saas", "atlassian", "jira"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "export JIRA_API_TOKEN=\"BWFM07sdOlqTCq746u0mNCAx\"",
                "confluence_api_token: 9rUDyHihUXN5hOyMQY0OOuFj"),
            FalsePositives = EquatableArray.Of(
                "JIRA_API_TOKEN=${JIRA_API_TOKEN}",
                "api_token: mjwqbgvjianJMWyy4jwikUAW"),
        };

        yield return new SecretRule
        {
            Id = "linear-api-key",
            Description = "Linear API key",
            Severity = Severity.High,
            Regex = @"\b(lin_api_[A-Za-z0-9]{40})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("lin_api_"),
            Tags = EquatableArray.Of("saas", "linear"),
            TruePositives = EquatableArray.Of(
                "  linear_api_key: \"lin_api_WPOMNmq6P9ZxfnkUQghgZ6DBIefPDOwCp6Erz3mk\"",
                "LINEAR_API_KEY=lin_api_jBr5tZZItCcj3KW6D2C8lBBFFsmU1Fp4A1xUt2on"),
            FalsePositives = EquatableArray.Of(
                "LINEAR_API_KEY=lin_api_9LfeJu7fcEA3IdZZIvk6VBQ3X0Nk17Sx2ZeqGIq",
                "linear_api_key: lin_api_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "linear-oauth-token",
            Description = "Linear OAuth access token",
            Severity = Severity.High,
            Regex = @"\b(lin_oauth_[a-f0-9]{64})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("lin_oauth_"),
            Tags = EquatableArray.Of("saas", "linear", "oauth"),
            TruePositives = EquatableArray.Of(
                "\"linear_oauth_token\": \"lin_oauth_82e6f58b9f391eb3dac7f8223f07637af113aa5b2b307914a81e442e4e401428\",",
                "$env:LINEAR_OAUTH_TOKEN = \"lin_oauth_63e2a1b27a37079dfb85e9a86bbe413ac10973862ed1eb6b138605b9399493fc\""),
            FalsePositives = EquatableArray.Of(
                "LINEAR_OAUTH_TOKEN=lin_oauth_4f22f7bbe92e7175c9ba40904b3ec4bd6035f48acf008361865109474664db7",
                "linear_oauth_token: lin_oauth_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "notion-integration-secret",
            Description = "Notion internal integration secret (legacy format)",
            Severity = Severity.High,
            Regex = @"\b(secret_[A-Za-z0-9]{43})\b",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("secret_"),
            Tags = EquatableArray.Of("saas", "notion"),
            TruePositives = EquatableArray.Of(
                "$env:NOTION_TOKEN = \"secret_n6lfGUPqDDBrk4hQ6rkfb99NFJqcwqIw9AqtPhOVgUn\"",
                "export NOTION_TOKEN=\"secret_p2dgOdicJVzdW4SiMJfbNJiwAoB3FQlQc3iGAPOJsFZ\""),
            FalsePositives = EquatableArray.Of(
                "NOTION_TOKEN=secret_DkMtgYtbMWDezPAfXdlOiA0Ki5k2HORNrjmY0DXfEB",
                "notion_token: secret_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "notion-api-token",
            Description = "Notion API token",
            Severity = Severity.High,
            Regex = @"\b(ntn_[0-9]{11}[A-Za-z0-9]{32,40})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("ntn_"),
            Tags = EquatableArray.Of("saas", "notion"),
            TruePositives = EquatableArray.Of(
                "ENV NOTION_API_KEY=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",
                "NOTION_API_KEY = \"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\""),
            FalsePositives = EquatableArray.Of(
                "NOTION_API_KEY=ntn_00266700075njrWlgSyhZjaMh0rkpsPX8PJnllGWOs",
                "notion_api_key: ntn_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "figma-pat",
            Description = "Figma personal access token",
            Severity = Severity.High,
            Regex = @"\b(figd_[A-Za-z0-9_-]{40})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("figd_"),
            Tags = EquatableArray.Of("saas", "figma"),
            TruePositives = EquatableArray.Of(
                "FIGMA_TOKEN = \"figd_AmIjUztCSvPw-CE4Rh87leDL5TFUmJJehOS23eFu\"",
                "$env:FIGMA_TOKEN = \"figd_8j952kMILABzcSkInaSBDmsp9prvVmjS0WbQhAV4\""),
            FalsePositives = EquatableArray.Of(
                "FIGMA_TOKEN=figd_TechrhD0qpPGQpODXXG2_qFVGujhr3cjTEiYJe9",
                "figma_token: figd_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "figma-pat-legacy",
            Description = "Figma personal access token (legacy UUID-shaped format)",
            Severity = Severity.High,
            Regex = $@"(?i:figma)[\w.-]{{0,20}}(?i:token)[\w.-]{{0,16}}{ServiceKeyAssignment}([0-9]{{5,6}}-[0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("figma"),
            Tags = EquatableArray.Of("saas", "figma"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "\"figma_token\": \"463121-9ffff984-459a-4b0d-8fab-e1580205ad5d\",",
                "  figma_token: \"674565-1712bb62-dd18-4d50-885c-b392fe4361fc\""),
            FalsePositives = EquatableArray.Of(
                "FIGMA_TOKEN=${FIGMA_TOKEN}",
                "  token: \"714953-c96eed3a-bba8-4559-992d-a5ba8b77630d\""),
        };

        yield return new SecretRule
        {
            Id = "asana-pat",
            Description = "Asana personal access token",
            Severity = Severity.High,
            Regex = $@"(?i:asana)[\w.-]{{0,20}}(?i:token|pat|access)[\w.-]{{0,16}}{ServiceKeyAssignment}([0-9]/[0-9]{{13,16}}/[0-9]{{13,16}}:[a-f0-9]{{32}}|[0-9]/[0-9]{{13,16}}:[a-f0-9]{{32}}|0/[a-f0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("asana"),
            Tags = EquatableArray.Of("saas", "asana"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "$env:ASANA_ACCESS_TOKEN = \"2/5086296526704565/0902634253078271:5e474dcc044233c028a5895a75ce0ca8\"",
                "ASANA_ACCESS_TOKEN = \"2/7777490716476432/2864918032813352:80a73ae19fc4ae2d4f3574b2319453c0\"",
                "ASANA_PAT=1/1869409593405789:a6ae6455c39a65c2b037b1648c9b5154"),
            FalsePositives = EquatableArray.Of(
                "ASANA_ACCESS_TOKEN=${ASANA_ACCESS_TOKEN}",
                "ACCESS_TOKEN = \"2/7525017225386262/5473001981648917:6ad39a1b71a0bd0ad461333c2b1da8ec\""),
        };

        yield return new SecretRule
        {
            Id = "airtable-pat",
            Description = "Airtable personal access token",
            Severity = Severity.High,
            Regex = @"\b(pat[A-Za-z0-9]{14}\.[a-f0-9]{64})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("pat"),
            Tags = EquatableArray.Of("saas", "airtable"),
            TruePositives = EquatableArray.Of(
                "AIRTABLE_API_KEY=patOhnRGuVwv8j4PF.773aaefe561573da228ed53c59e9ff98d91a7e781f7c8cbf70fb3b530e280200",
                "  airtable_api_key = \"pattzl9sozy2uLeyF.02ba982751b9e38e3768cbb2537d2c6fc0fb1192ebdd08278bfb94f4efc2e39e\""),
            FalsePositives = EquatableArray.Of(
                "AIRTABLE_API_KEY=pat5romDKToYeMsVa.ea6d304ad181367968c1cbe303cd724bad816c2f215daff14e542d71e84d1f7",
                "airtable_api_key: patxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "airtable-api-key",
            Description = "Airtable API key (legacy)",
            Severity = Severity.High,
            Regex = $@"(?i:airtable)[\w.-]{{0,20}}(?i:api[_.-]?key|key)[\w.-]{{0,16}}{ServiceKeyAssignment}(key[A-Za-z0-9]{{14}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("airtable"),
            Tags = EquatableArray.Of("saas", "airtable"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "airtable_api_key = \"keyrxoUTnQY7NaMnT\"",
                "ENV AIRTABLE_API_KEY=keywjUkZYGKg64wNN"),
            FalsePositives = EquatableArray.Of(
                "AIRTABLE_API_KEY=${AIRTABLE_API_KEY}",
                "ENV API_KEY=keyfuEMeAGHModb2H"),
        };

        yield return new SecretRule
        {
            Id = "algolia-admin-key",
            Description = "Algolia admin or write API key",
            Severity = Severity.High,
            Regex = $@"(?i:algolia)[\w.-]{{0,20}}(?i:admin[_.-]?(?:api[_.-]?)?key|api[_.-]?key|write[_.-]?key)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("algolia"),
            Tags = EquatableArray.Of("saas", "algolia"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "algolia_admin_key = 8cfd64687cc3cf28206ba911bbdd8e08",
                "  algolia_api_key = \"2a5ac5bf654714f8705cc95196fd7bfc\""),
            FalsePositives = EquatableArray.Of(
                "ALGOLIA_ADMIN_KEY=${ALGOLIA_ADMIN_KEY}",
                "  admin_key = \"fa3411c1bc5eb79d47728389608e9409\""),
        };

        yield return new SecretRule
        {
            Id = "contentful-pat",
            Description = "Contentful personal access token",
            Severity = Severity.High,
            Regex = @"\b(CFPAT-[A-Za-z0-9_-]{43})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("cfpat-"),
            Tags = EquatableArray.Of("saas", "contentful"),
            TruePositives = EquatableArray.Of(
                "$env:CONTENTFUL_MANAGEMENT_TOKEN = \"CFPAT-tdv264rSxmiH2e31Jo9QN-kbcgmjjn5oiaeAdBq5ZMc\"",
                "os.environ[\"CONTENTFUL_MANAGEMENT_TOKEN\"] = \"CFPAT-OdZSOGPEvJv9wpShuDtE323rl8VTVxkUvvU9r4YMdBk\""),
            FalsePositives = EquatableArray.Of(
                "CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-dmyD_P_eZFW_Hsf4RdX9yuYaJo5gsY0lIU-DRKT-hK",
                "contentful_management_token: CFPAT-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // Delivery tokens read published content only: Medium.
        yield return new SecretRule
        {
            Id = "contentful-delivery-token",
            Description = "Contentful delivery or preview API token",
            Severity = Severity.Medium,
            Regex = $@"(?i:contentful)[\w.-]{{0,20}}(?i:token|access)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9_-]{{43}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("contentful"),
            Tags = EquatableArray.Of("saas", "contentful"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "ENV CONTENTFUL_DELIVERY_TOKEN=CciY5lti2DoJsYYi1L805JlazvAmJ_Y3GCecPZNS-aR",
                "  contentful_delivery_token: \"NFBj2xRjIYhioKDXWcHFcesNfEGDWEjHBEpVcGOXBEG\""),
            FalsePositives = EquatableArray.Of(
                "CONTENTFUL_DELIVERY_TOKEN=${CONTENTFUL_DELIVERY_TOKEN}",
                "  delivery_token: \"9liPTiJTsDwW9O6IF6CZq4q6dahwbOAo5JmSnK1jMwM\""),
        };

        // Short-lived tokens expire after four hours: Medium.
        yield return new SecretRule
        {
            Id = "dropbox-short-lived-token",
            Description = "Dropbox short-lived access token",
            Severity = Severity.Medium,
            Regex = @"\b(sl\.(?:u\.)?[A-Za-z0-9_-]{130,})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 4.0,
            Keywords = EquatableArray.Of("sl."),
            Tags = EquatableArray.Of("saas", "dropbox"),
            TruePositives = EquatableArray.Of(
                "  dropbox_access_token = \"sl.u.BcGv7_V8haPi-U05DW2XWZvhuML5KJjEYd12f9HIRkz4LWKl9Zl6OmHVBnji9Vl5g_3I92vZEBRkjlKFLVFOHAlLRT1Vw-vgH2QpZQOVLl2017tGhTf7riw282vL2ltMCRhVawbDJ6KQ\"",
                "const dropboxAccessToken = 'sl.u.eCtyN79Dp_Harpz_9htaYL1gBAy6AwCGV381-saUmrvI8RCL22WLlqdzVQaK8rDkv3QpkzRxQnxCdrcSMnzfcycR0-wIFUMElq99ndrNWwAOIuMqMGSLrIutj25Ag1UzzLeCB1-nXCZt';",
                "DROPBOX_TOKEN=sl.Bx77uH74qY1gVyQzG-Y-9c4CgM7PEOjbsIonl7xIoYDMF3DRwTDUlRH32F9HmCqgGsfFg_kbXEcmJ003izf5RsDQXfc_H4Uvc0pgnD7i2E32-hBsLeyzxiVxf09k5tiwiIDkmT6U"),
            FalsePositives = EquatableArray.Of(
                "DROPBOX_ACCESS_TOKEN=sl.u.qTl9mhtZsXikabD1RSoMb-YRRw-_2SfveYqlFEwVxcC6ssdZcEbI5TfPo6lI_w4LoHtIvSmom9G94w72oqjEtw1r9qFaO8kpTkG1edn3qcprMGJB2b_kvF0wvNwjbhcvl",
                "dropbox_access_token: sl.u.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // Long-lived tokens have ten "A"s after an 11-char id, which is our anchor.
        yield return new SecretRule
        {
            Id = "dropbox-long-lived-token",
            Description = "Dropbox long-lived access token",
            Severity = Severity.High,
            Regex = @"\b([A-Za-z0-9]{10}[B-Za-z0-9]AAAAAAAAAA[B-Za-z0-9_=-][A-Za-z0-9_=-]{42})(?:[^A-Za-z0-9_=-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("aaaaaaaaaa"),
            Tags = EquatableArray.Of("saas", "dropbox"),
            TruePositives = EquatableArray.Of(
                "dropbox_token = \"ilowk2puzguAAAAAAAAAA6q8503u88cmdps1w4el5ezz7w78qmnffhl0evg7cshk\"",
                "\"dropbox_token\": \"dd9non9ah10AAAAAAAAAAx9kb71uxuazn9b3mpgh2k9mtq2cc5adwfmn36p7f8iv\",",
                "DROPBOX_ACCESS_TOKEN=Kq3vT9xLm2RAAAAAAAAAAc7Hw-p4ZyN8bUe0JdQs5tGfVkXo1iMa6PnWrC9hY2Bz"),
            FalsePositives = EquatableArray.Of(
                "DROPBOX_TOKEN=aaaaaaaaaaaAAAAAAAAAAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "DROPBOX_TOKEN=hpdsxpr872sAAAAAAAAAAiliv629biw32bmenxjeu38zrkv8rg1rr6044vzth91",
                "AAAAB3NzaC1yc2EAAAADAQABAAAAAAAAAAAAAAAAgQC7vKx9Ym2Lp4Rt8Wq3Zn6Jd1Hf5Gs0Ua9Ec2Xb7Vi4Ok3Ty8"),
        };

        yield return new SecretRule
        {
            Id = "mapbox-secret-token",
            Description = "Mapbox secret access token",
            Severity = Severity.High,
            Regex = @"\b(sk\.eyJ1Ijoi[A-Za-z0-9_-]{20,200}\.[A-Za-z0-9_-]{22})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("sk.eyj1ijoi"),
            Tags = EquatableArray.Of("saas", "maps", "mapbox"),
            TruePositives = EquatableArray.Of(
                "os.environ[\"MAPBOX_SECRET_TOKEN\"] = \"sk.eyJ1IjoiYWNtZS1tYXBzIiwiYSI6IjBjaGd5M2d4bDQ4MWNic3pkMHB5MHR5bHIifQ.oVB6MJL3KbKtIR4GIYcFy3\"",
                "MAPBOX_SECRET_TOKEN = \"sk.eyJ1IjoiZ2VvLXRlYW0iLCJhIjoiY3hzMWw5aHJpOXlrcmc2OGFmY3BheDQ0dSJ9.Zv8XMu3WWkcmLp7-lK-WiK\""),
            FalsePositives = EquatableArray.Of(
                "MAPBOX_SECRET_TOKEN=sk.eyJ1Ijoi9vAP-IWXJJ.hDkbacGtOk29acQI5DFBgI",
                "MAPBOX_SECRET_TOKEN=sk.eyJ1IjoiZm9vIn0",
                "mapbox_secret_token: sk.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        // Public tokens are meant for browsers; reported Low so URL-restriction is checked.
        yield return new SecretRule
        {
            Id = "mapbox-public-token",
            Description = "Mapbox public access token",
            Severity = Severity.Low,
            Regex = @"\b(pk\.eyJ1Ijoi[A-Za-z0-9_-]{20,200}\.[A-Za-z0-9_-]{22})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("pk.eyj1ijoi"),
            Tags = EquatableArray.Of("saas", "maps", "mapbox"),
            TruePositives = EquatableArray.Of(
                "\"mapbox_access_token\": \"pk.eyJ1IjoiZ2VvLXRlYW0iLCJhIjoicWxzdWZsZTNuYjkwZjFlZnU3Z3Rpc2NrbCJ9.NPbOIYXHo8GjjEPUQalsZp\",",
                "mapbox_access_token = pk.eyJ1IjoiYWNtZS1tYXBzIiwiYSI6ImZrM28yMGttcHI3ZXR3N2l4MGx1djhueWoifQ.gi7NrhJ4xG0-gqTBjOQugf"),
            FalsePositives = EquatableArray.Of(
                "MAPBOX_ACCESS_TOKEN=pk.eyJ1IjoiFeM012LK5J.OUrSoDymhJcC8rz1nNl9Pp",
                "MAPBOX_ACCESS_TOKEN=pk.${TOKEN}",
                "mapbox_access_token: pk.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "frameio-api-token",
            Description = "Frame.io API token",
            Severity = Severity.High,
            Regex = @"\b(fio-u-[A-Za-z0-9_=-]{64})(?:[^A-Za-z0-9_=-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("fio-u-"),
            Tags = EquatableArray.Of("saas", "frameio"),
            TruePositives = EquatableArray.Of(
                "\"frameio_token\": \"fio-u-aRyqTSlURdgWwzN2nTGjZuybvChmjQ7SXo7F4zhN7LW9frqGOg0zrbziouL_PeGT\",",
                "export FRAMEIO_TOKEN=\"fio-u-PyGdXLmXvu2YnlunbK4-czhlz19kInkvI9H8vF1o0pGBq3oIn-bxl-VVg5N5vCfZ\""),
            FalsePositives = EquatableArray.Of(
                "FRAMEIO_TOKEN=fio-u-jcrnRQHTPQMpD4suYwr0iVPwp_St-DaIVQlqasvY5A7exbM-_ZUIk_H8s212DtV",
                "frameio_token: fio-u-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "hubspot-private-app-token",
            Description = "HubSpot private app access token",
            Severity = Severity.High,
            Regex = @"\b(pat-(?:na|eu|ap)[0-9]-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("pat-na", "pat-eu", "pat-ap"),
            Tags = EquatableArray.Of("saas", "crm", "hubspot"),
            TruePositives = EquatableArray.Of(
                "HUBSPOT_ACCESS_TOKEN=pat-na1-5b524368-ef97-4e8b-8c01-a779f428694c",
                "const hubspotAccessToken = 'pat-na1-3d370150-fba5-4eb6-b82e-de3fd26caa59';"),
            FalsePositives = EquatableArray.Of(
                "HUBSPOT_ACCESS_TOKEN=pat-na1-c8bdc045-acf0-430c-8762-361250d9f8d",
                "hubspot_access_token: pat-na1-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "hubspot-api-key",
            Description = "HubSpot API key (legacy hapikey)",
            Severity = Severity.High,
            Regex = $@"(?i:hubspot|hapikey)[\w.-]{{0,20}}(?i:api[_.-]?key|key|hapikey)[\w.-]{{0,16}}{ServiceKeyAssignment}([0-9a-fA-F]{{8}}-[0-9a-fA-F]{{4}}-[0-9a-fA-F]{{4}}-[0-9a-fA-F]{{4}}-[0-9a-fA-F]{{12}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("hubspot", "hapikey"),
            Tags = EquatableArray.Of("saas", "crm", "hubspot"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "export HUBSPOT_API_KEY=\"77928f13-bfb9-4123-a44d-9fcd16114914\"",
                "$env:HUBSPOT_API_KEY = \"759791a5-5312-4032-a109-ff5c971073ec\""),
            FalsePositives = EquatableArray.Of(
                "HUBSPOT_API_KEY=${HUBSPOT_API_KEY}",
                "$env:API_KEY = \"cd89979f-a92b-41ef-8c1b-104ff3784fbb\""),
        };

        // An org id (00D...), "!", then the session secret.
        yield return new SecretRule
        {
            Id = "salesforce-access-token",
            Description = "Salesforce session / access token",
            Severity = Severity.High,
            Regex = @"\b(00D[A-Za-z0-9]{12,15}![A-Za-z0-9_.]{96})(?:[^A-Za-z0-9_.]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("00d"),
            Tags = EquatableArray.Of("saas", "crm", "salesforce"),
            TruePositives = EquatableArray.Of(
                "ENV SF_ACCESS_TOKEN=00DHt7P07MwxzVj!AQ4Ri5ju3GUwLxRK3FcfKCGdJw9E5fDS7XnGX7nmNXgZ84HZAbrH6DIX3D2sQd5eD3PFh3hYxIosUkiqyvljGtUv1eer68Mg",
                "$env:SF_ACCESS_TOKEN = \"00DBq1aabWp1juv!AQPdM7iWsMzlipG975TWDV3lfj1AxYeqnt7fkvpSynfl3AL4cN0aNTtFJRD2r1lUEf2VxZAUWSgLbmiq9ulKDYIzfVuoiysE\""),
            FalsePositives = EquatableArray.Of(
                "SF_ACCESS_TOKEN=00DEFW0pR6H8gIp!AQyxjqrQjxq9sIrP6mKuYgWNzGppFN5hXcUR2N5khpBuHwfqqgaBIWkSCwPOagSTBfpz17RcdkM6fKhYQ3hKtbKdZfYiNck",
                "sf_access_token: 00Dxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "clickup-api-token",
            Description = "ClickUp personal API token",
            Severity = Severity.High,
            Regex = @"\b(pk_[0-9]{6,9}_[A-Z0-9]{32})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("pk_"),
            Tags = EquatableArray.Of("saas", "clickup"),
            TruePositives = EquatableArray.Of(
                "  clickup_api_token = \"pk_04702315_5LUMIX6OKZYMW37VZLDI87Y0XWBSHVN5\"",
                "clickup_api_token = pk_05580800_SFRUK7WCQ3CQMHCVVPS732TRXE58VP05"),
            FalsePositives = EquatableArray.Of(
                "CLICKUP_API_TOKEN=pk_72646084_LXJZ5TLX9VHN9SSS12DDGY7Z1GVGEU6",
                "clickup_api_token: pk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "typeform-pat",
            Description = "Typeform personal access token",
            Severity = Severity.High,
            Regex = @"\b(tfp_[A-Za-z0-9_.=-]{40,64})(?:[^A-Za-z0-9_.=-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("tfp_"),
            Tags = EquatableArray.Of("saas", "typeform"),
            TruePositives = EquatableArray.Of(
                "  typeform_token = \"tfp_mvJkTTXmeoOaMttwcdFh2ZaQHGz7tyeSXGVaex98pusM_QjxjZ6sdTABoiE\"",
                "$env:TYPEFORM_TOKEN = \"tfp_Ua0Br1gWdggpsWk6l9PJtgnT1lZgUyFHFyYUpNPmMkUP_ctqBdguzelkAG2\""),
            FalsePositives = EquatableArray.Of(
                "TYPEFORM_TOKEN=tfp_EVpdtH4KGdYC4mtqR0OwNSQVtf9nB0RLw3EZYV6",
                "typeform_token: tfp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "zendesk-api-token",
            Description = "Zendesk API token",
            Severity = Severity.High,
            Regex = $@"(?i:zendesk)[\w.-]{{0,20}}(?i:token|api[_.-]?key)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{40}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("zendesk"),
            Tags = EquatableArray.Of("saas", "support", "zendesk"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "zendesk_api_token = OScPNPYEg9564ke7aWLC8DoDdliNcAzcsud66DUM",
                "  zendesk_api_token = \"ZwKLvtOBSCIeB4K7fFEh9CD0rsoM2hRcPSbultyE\""),
            FalsePositives = EquatableArray.Of(
                "ZENDESK_API_TOKEN=${ZENDESK_API_TOKEN}",
                "  api_token = \"Zs3wxOFAoC7MR5zOdOMoFLSIUrWjp2Zp6rjoZv66\""),
        };

        yield return new SecretRule
        {
            Id = "freshdesk-api-key",
            Description = "Freshdesk API key",
            Severity = Severity.High,
            Regex = $@"(?i:freshdesk)[\w.-]{{0,20}}(?i:api[_.-]?key|key)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{20}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("freshdesk"),
            Tags = EquatableArray.Of("saas", "support", "freshdesk"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "  freshdesk_api_key: \"NJ29Uc2xRa5O6Diqaub2\"",
                "const freshdeskApiKey = 'bAyJBv4B6ASgzhu03Mce';"),
            FalsePositives = EquatableArray.Of(
                "FRESHDESK_API_KEY=${FRESHDESK_API_KEY}",
                "const apiKey = '5x0H0tQsDSXJdn01Dk27';"),
        };

        yield return new SecretRule
        {
            Id = "trello-api-token",
            Description = "Trello API token",
            Severity = Severity.High,
            Regex = $@"(?i:trello)[\w.-]{{0,20}}(?i:token)[\w.-]{{0,16}}{ServiceKeyAssignment}(ATTA[a-f0-9]{{64}}[A-F0-9]{{8}}|[a-f0-9]{{64}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("trello"),
            Tags = EquatableArray.Of("saas", "trello"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "export TRELLO_TOKEN=\"ATTAb289cc524813f752a26b243eb8faba8ff46c157a5a26035ceb368e12ee503f66CD918B76\"",
                "\"trello_token\": \"ATTAc69812369777a832fe1953daa3122ee1403d670299221713c8b53daf14ec67871EF27CC3\","),
            FalsePositives = EquatableArray.Of(
                "TRELLO_TOKEN=${TRELLO_TOKEN}",
                "\"token\": \"ATTA3d30163a37133c8e636428d3a3b4680ee449379a6c1bf4b6ed0b0d8b5e89800e6653E5F4\","),
        };

        yield return new SecretRule
        {
            Id = "adobe-client-secret",
            Description = "Adobe Developer Console client secret",
            Severity = Severity.High,
            Regex = @"\b(p8e-[A-Za-z0-9_-]{32})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("p8e-"),
            Tags = EquatableArray.Of("saas", "adobe", "oauth"),
            TruePositives = EquatableArray.Of(
                "os.environ[\"ADOBE_CLIENT_SECRET\"] = \"p8e-BeTA7cRkRX2k6Zrj6MVGrcr8cSuUZytW\"",
                "      ADOBE_CLIENT_SECRET: p8e-j7SCC1ZN2PtzDHuNov-FO-uDIhFjopGV"),
            FalsePositives = EquatableArray.Of(
                "ADOBE_CLIENT_SECRET=p8e-a5QCMAzqM_Qla7rkHcKl0DwZ-tHt59U",
                "adobe_client_secret: p8e-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "duffel-live-token",
            Description = "Duffel live API token",
            Severity = Severity.High,
            Regex = @"\b(duffel_live_[A-Za-z0-9_=-]{43})(?:[^A-Za-z0-9_=-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("duffel_live_"),
            Tags = EquatableArray.Of("saas", "travel", "duffel"),
            TruePositives = EquatableArray.Of(
                "      DUFFEL_ACCESS_TOKEN: duffel_live_W4A8KJ6TFicS7ny_Ft6mcgEee5PpTmt_DmakKwp16tA",
                "  duffel_access_token: \"duffel_live_jbK95jObM2GBzaWAq6Ejdpq166OHyx-IhO3g5ydbXrl\""),
            FalsePositives = EquatableArray.Of(
                "DUFFEL_ACCESS_TOKEN=duffel_live_3asN02qiviydHs2PuDjcqJH7oiTrTTKZ29dM3pkxCG",
                "duffel_access_token: duffel_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "duffel-test-token",
            Description = "Duffel test API token",
            Severity = Severity.Low,
            Regex = @"\b(duffel_test_[A-Za-z0-9_=-]{43})(?:[^A-Za-z0-9_=-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("duffel_test_"),
            Tags = EquatableArray.Of("saas", "travel", "duffel", "test-key"),
            TruePositives = EquatableArray.Of(
                "duffel_access_token = \"duffel_test_VIV_vxoDJQEw2GLj1ChJ_p2eGDfmEgQygYbWHZjwqR9\"",
                "  duffel_access_token = \"duffel_test_W5krHm0gWh-lPju8odNkBBsxhw-1w4VGv90iv5A91F5\""),
            FalsePositives = EquatableArray.Of(
                "DUFFEL_ACCESS_TOKEN=duffel_test_z9-cJqWYR0oKUiydjDUbHMFgN4bQqtLzrelD6Q2qhJ",
                "duffel_access_token: duffel_test_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "gitter-access-token",
            Description = "Gitter access token",
            Severity = Severity.Medium,
            Regex = $@"(?i:gitter)[\w.-]{{0,20}}(?i:token)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{40}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("gitter"),
            Tags = EquatableArray.Of("saas", "communication", "gitter"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "      GITTER_TOKEN: 1387d82d708d0aa04b726474df8245db4cfdacc2",
                "gitter_token = a0a428274b0bad1deeb96f4f71fb380881c43b09"),
            FalsePositives = EquatableArray.Of(
                "GITTER_TOKEN=${GITTER_TOKEN}",
                "token = 6d3033a989abab3f364e373ce121aff31a116e06"),
        };

        yield return new SecretRule
        {
            Id = "looker-client-secret",
            Description = "Looker API client secret",
            Severity = Severity.High,
            Regex = $@"(?i:looker)[\w.-]{{0,20}}(?i:secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{24}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("looker"),
            Tags = EquatableArray.Of("saas", "data", "looker"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "lookersdk_client_secret = 2Ex1Kx2atnqkqAvEdl7QHszK",
                "lookersdk_client_secret = \"UcgiQ6A1jZoT1M5zqjvkd9GE\""),
            FalsePositives = EquatableArray.Of(
                "LOOKERSDK_CLIENT_SECRET=${LOOKERSDK_CLIENT_SECRET}",
                "sdk_client_secret = \"HkFaDxW3j5r1RYYHeeCZlCp0\""),
        };

        yield return new SecretRule
        {
            Id = "miro-access-token",
            Description = "Miro access token",
            Severity = Severity.High,
            Regex = $@"(?i:miro)[\w.-]{{0,20}}(?i:token)[\w.-]{{0,16}}{ServiceKeyAssignment}(eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_[A-Za-z0-9_-]{{27}}|[A-Za-z0-9_-]{{27}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("miro"),
            Tags = EquatableArray.Of("saas", "miro"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "const miroAccessToken = 'eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_v4zRrOoRDouva1jgbRIGC7aznEl';",
                "  miro_access_token = \"eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_F7mBI4mtWzX8VcRlJ5xXKi-ATVq\""),
            FalsePositives = EquatableArray.Of(
                "MIRO_ACCESS_TOKEN=${MIRO_ACCESS_TOKEN}",
                "  access_token = \"eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_vkJM1l5OSjeA6gqu0uyrHVo1ndf\""),
        };

        yield return new SecretRule
        {
            Id = "webflow-api-token",
            Description = "Webflow API token",
            Severity = Severity.High,
            Regex = $@"(?i:webflow)[\w.-]{{0,20}}(?i:token|api[_.-]?key)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{64}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("webflow"),
            Tags = EquatableArray.Of("saas", "webflow"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "webflow_api_token: a7a4cd9cbd152bdc33ec08fbbbfb08eed4f60c66a739d9f9e8f9276334b32776",
                "      WEBFLOW_API_TOKEN: a94c81c6fe23f87bd6c6e0e5bd21ae6c9f805761feabd6ccbd5fd486bcf46720"),
            FalsePositives = EquatableArray.Of(
                "WEBFLOW_API_TOKEN=${WEBFLOW_API_TOKEN}",
                "      API_TOKEN: 08996bfac4e377d4c3149a47f0a3d40fc35c91cbd0815e8f3e10a3b31edb4341"),
        };

        yield return new SecretRule
        {
            Id = "pipedrive-api-token",
            Description = "Pipedrive API token",
            Severity = Severity.High,
            Regex = $@"(?i:pipedrive)[\w.-]{{0,20}}(?i:token|api[_.-]?key)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{40}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("pipedrive"),
            Tags = EquatableArray.Of("saas", "crm", "pipedrive"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "PIPEDRIVE_API_TOKEN = \"48e1a4293841e843fba31d44f73c8a71dc8b716f\"",
                "export PIPEDRIVE_API_TOKEN=\"3398cae9c4ae83400af2c122bbaca08d26204ebd\""),
            FalsePositives = EquatableArray.Of(
                "PIPEDRIVE_API_TOKEN=${PIPEDRIVE_API_TOKEN}",
                "export API_TOKEN=\"edbbbe43c24292d6aeeeef6590c30f306318af6f\""),
        };

        yield return new SecretRule
        {
            Id = "smartsheet-access-token",
            Description = "Smartsheet API access token",
            Severity = Severity.High,
            Regex = $@"(?i:smartsheet)[\w.-]{{0,20}}(?i:token)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{26,37}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("smartsheet"),
            Tags = EquatableArray.Of("saas", "smartsheet"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "SMARTSHEET_ACCESS_TOKEN=75rN1aGvM6clc4nrk2foL9xelj2aik2vvKdAx",
                "smartsheet_access_token = \"DW7P9JNl74rkDx7g2Nj44LY0echbuI2Q8hTnW\""),
            FalsePositives = EquatableArray.Of(
                "SMARTSHEET_ACCESS_TOKEN=${SMARTSHEET_ACCESS_TOKEN}",
                "access_token = \"So6h6gd2CD7h6tMbLnJCw9S6BdvCVegcD9RBi\""),
        };

        yield return new SecretRule
        {
            Id = "docusign-secret-key",
            Description = "DocuSign integration secret key",
            Severity = Severity.High,
            Regex = $@"(?i:docusign)[\w.-]{{0,20}}(?i:secret|key)[\w.-]{{0,16}}{ServiceKeyAssignment}([0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("docusign"),
            Tags = EquatableArray.Of("saas", "docusign"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "ENV DOCUSIGN_SECRET_KEY=78d9b026-7b98-4396-97af-d755d5e123df",
                "$env:DOCUSIGN_SECRET_KEY = \"a79b15f9-e8b3-4032-8c6a-9568b076c99c\""),
            FalsePositives = EquatableArray.Of(
                "DOCUSIGN_SECRET_KEY=${DOCUSIGN_SECRET_KEY}",
                "$env:SECRET_KEY = \"3a013acf-071f-480d-b24b-9e44a00329e1\""),
        };

        yield return new SecretRule
        {
            Id = "etsy-api-key",
            Description = "Etsy API keystring or shared secret",
            Severity = Severity.High,
            Regex = $@"(?i:etsy)[\w.-]{{0,20}}(?i:api[_.-]?key|key|secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-z0-9]{{24}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("etsy"),
            Tags = EquatableArray.Of("saas", "commerce", "etsy"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "  etsy_api_key = \"mkoigx2pzxoav29s59sp37bg\"",
                "etsy_api_key: keckytzstbf2ra4ua8ynrbrq"),
            FalsePositives = EquatableArray.Of(
                "ETSY_API_KEY=${ETSY_API_KEY}",
                "api_key: axb893xhywbp6kr5ib8aggy7"),
        };

        yield return new SecretRule
        {
            Id = "box-client-secret",
            Description = "Box OAuth client secret or developer token",
            Severity = Severity.High,
            Regex = $@"(?i:box_)[\w.-]{{0,20}}(?i:secret|token)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("box_"),
            Tags = EquatableArray.Of("saas", "storage", "box"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "      BOX_CLIENT_SECRET: xkZwmyGEu0Y4MZVd6wSJp5YaKueMBiTo",
                "export BOX_CLIENT_SECRET=\"bNvtJgxdEtHZjpIx3WV2FvPX9nk022jW\""),
            FalsePositives = EquatableArray.Of(
                "BOX_CLIENT_SECRET=${BOX_CLIENT_SECRET}",
                "export CLIENT_SECRET=\"bfamjkDjXsrZJ9oXEfdxDxjrGi7rVHSj\""),
        };

        yield return new SecretRule
        {
            Id = "monday-api-token",
            Description = "monday.com API token",
            Severity = Severity.High,
            Regex = $@"(?i:monday)[\w.-]{{0,20}}(?i:token|api[_.-]?key)[\w.-]{{0,16}}{ServiceKeyAssignment}(eyJ[A-Za-z0-9_-]{{10,}}\.eyJ[A-Za-z0-9_-]{{10,}}\.[A-Za-z0-9_-]{{20,}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 4.0,
            Keywords = EquatableArray.Of("monday"),
            Tags = EquatableArray.Of("saas", "monday"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "ENV MONDAY_API_TOKEN=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJlZDllNGY1MjA2YmQiLCJpYXQiOjE3MjE5MDk2NzYsImV4cCI6MTcyMTkxMzI3Nn0.JGxU-CrJAxbovzij97szxC26Hd6D1CwXY2dzIgrv4L0",
                "MONDAY_API_TOKEN = \"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhMGE0ZjNlNjAyNWIiLCJpYXQiOjE3MjAyNDU4MzcsImV4cCI6MTcyMDI0OTQzN30.qrK94X8xLt5IkvUGqm3iRn0YlvF7f2wyKqpRprvo2zQ\""),
            FalsePositives = EquatableArray.Of(
                "MONDAY_API_TOKEN=${MONDAY_API_TOKEN}",
                "API_TOKEN = \"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwM2NhMDdmODcwZTciLCJpYXQiOjE3MjU2MzI0NTcsImV4cCI6MTcyNTYzNjA1N30.rGv80-q7ou8YxXSwngGl1GXLGV1SxsE6Cm1aNb_yRsU\""),
        };

        yield return new SecretRule
        {
            Id = "sendbird-api-token",
            Description = "Sendbird API token",
            Severity = Severity.High,
            Regex = $@"(?i:sendbird)[\w.-]{{0,20}}(?i:token|api[_.-]?key)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{40}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("sendbird"),
            Tags = EquatableArray.Of("saas", "communication", "sendbird"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "sendbird_api_token = e097228167d2e912077a39cbb3e16308b3f128dd",
                "SENDBIRD_API_TOKEN=8dd8c34ac8136db6efba67361337595d52c44ca0"),
            FalsePositives = EquatableArray.Of(
                "SENDBIRD_API_TOKEN=${SENDBIRD_API_TOKEN}",
                "API_TOKEN=e977f58499fde43ced3495e208e3e2d1794df8da"),
        };

        yield return new SecretRule
        {
            Id = "chieftools-pat",
            Description = "Chief Tools personal access token",
            Severity = Severity.High,
            Regex = @"\b(ctp_[A-Za-z0-9]{30,248})\b",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("ctp_"),
            Tags = EquatableArray.Of("saas", "chieftools"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "CHIEF_TOOLS_TOKEN=ctp_WszLL2ZTA7cI0ltDvIMxgvYXkN7UxwIqlf8MRVQN",
                "  token: \"ctp_E09OtR2STYQ3fnyZXgIHI3pnpzxJJOW0QsuM\""),
            FalsePositives = EquatableArray.Of(
                "CHIEF_TOOLS_TOKEN=ctp_ZEI2aw4519CrtGmIzhta",
                "x = \"actp_nJTlOxYSKCMNvW7aVH7twG8KCseNVRWU8DB5L4Tl\""),
        };

        yield return new SecretRule
        {
            Id = "chieftools-access-token",
            Description = "Chief Tools OAuth access token",
            Severity = Severity.High,
            Regex = @"\b(cto_[A-Za-z0-9]{30,248})\b",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("cto_"),
            Tags = EquatableArray.Of("saas", "chieftools", "oauth"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "CHIEF_ACCESS_TOKEN=cto_CYPSsnIGFoYbU2GliKBJxhhxOdZFSJTb7OxysZPs",
                "  access_token: \"cto_0HquOs9njvxhHJwnw8y6b4QRXxL4BqxS3DC1h1bA9P8bVjIF\""),
            FalsePositives = EquatableArray.Of(
                "CHIEF_ACCESS_TOKEN=cto_u5tQrLDvgzjxGhSmGfe4",
                "x = \"octo_qTJiDUgwIzi4xR3Diyix87nrUMGhvxoGAZqyEiOb\""),
        };

        yield return new SecretRule
        {
            Id = "chieftools-refresh-token",
            Description = "Chief Tools OAuth refresh token",
            Severity = Severity.High,
            Regex = @"\b(ctr_[A-Za-z0-9]{30,248})\b",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("ctr_"),
            Tags = EquatableArray.Of("saas", "chieftools", "oauth"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "CHIEF_REFRESH_TOKEN=ctr_DtdEfWmjzvwMGPK34fXiqSNFgpNwPLM1LCHJ0R5E",
                "  refresh_token: \"ctr_AXFwBTwf2NVJCjkhZ8cidkQpDRsBwMx5eXF632vIJzzG\""),
            FalsePositives = EquatableArray.Of(
                "static u32 ctr_read_counter_register_value(struct device *dev);",
                "x = \"rctr_PZ0mGjSKkE0FULid9pKB0gsEUhaFoKFiKrWB1P4H\""),
        };

        yield return new SecretRule
        {
            Id = "maxmind-license-key",
            Description = "MaxMind license key",
            Severity = Severity.High,
            Regex = @"\b([A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk)\b",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("_mmk"),
            Tags = EquatableArray.Of("saas", "maxmind", "geoip"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "MAXMIND_LICENSE_KEY=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",
                "LicenseKey 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"),
            FalsePositives = EquatableArray.Of(
                "MAXMIND_LICENSE_KEY=clTVhZ_4wtw6a6t8gm7LYgwagDL_mmk",
                "LicenseKey YOUR_LICENSE_KEY_mmk"),
        };

        yield return new SecretRule
        {
            Id = "beamer-api-token",
            Description = "Beamer API key",
            Severity = Severity.High,
            Regex = $@"(?i:beamer)[\w.-]{{0,20}}(?i:key|token|secret)[\w.-]{{0,16}}{ServiceKeyAssignment}(b_[A-Za-z0-9_=-]{{44}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("beamer"),
            Tags = EquatableArray.Of("saas", "beamer"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "BEAMER_API_KEY=b_fGE65yKIfsxcgds8qTG4L98sDVpH0-6JSHOMXiHRx_tG",
                "beamer_api_token: \"b_ExSc1aqNf1Km0e5Z7bLHcMX9XITckTwbED9JNGkFrsaT\""),
            FalsePositives = EquatableArray.Of(
                "BEAMER_API_KEY=${BEAMER_API_KEY}",
                "BEAMER_PRODUCT_ID=evQa74oD"),
        };

        yield return new SecretRule
        {
            Id = "asana-client-secret",
            Description = "Asana OAuth client secret",
            Severity = Severity.High,
            Regex = $@"(?i:asana)[\w.-]{{0,20}}(?i:secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("asana"),
            Tags = EquatableArray.Of("saas", "asana", "oauth"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "ASANA_CLIENT_SECRET=duls45992wf0k2zt5lay5t76rgwp4r32",
                "asana_oauth_secret: \"lwgtmm9decf9jhlgmvqchfr9nap1mkvc\""),
            FalsePositives = EquatableArray.Of(
                "ASANA_CLIENT_SECRET=${ASANA_CLIENT_SECRET}",
                "ASANA_CLIENT_ID=9488074832191788"),
        };

        yield return new SecretRule
        {
            Id = "dropbox-api-token",
            Description = "Dropbox app secret",
            Severity = Severity.High,
            Regex = $@"(?i:dropbox)[\w.-]{{0,20}}(?i:secret|key|token)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-z0-9]{{15}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("dropbox"),
            Tags = EquatableArray.Of("saas", "dropbox"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "DROPBOX_APP_SECRET=ueyh5j0gl44p46b",
                "dropbox_app_key_secret: \"in9wqmr4c4q1zix\""),
            FalsePositives = EquatableArray.Of(
                "DROPBOX_APP_SECRET=${DROPBOX_APP_SECRET}",
                "DROPBOX_APP_SECRET=72xpmqwdiw72"),
        };

        yield return new SecretRule
        {
            Id = "flickr-access-token",
            Description = "Flickr API key",
            Severity = Severity.High,
            Regex = $@"(?i:flickr)[\w.-]{{0,20}}(?i:key|token|secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("flickr"),
            Tags = EquatableArray.Of("saas", "flickr"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "FLICKR_API_KEY=2039136eb739cdf8049ef62e271f1c2b",
                "flickr_secret = \"91e2374a858082a55a83dd57c08f4163\""),
            FalsePositives = EquatableArray.Of(
                "FLICKR_API_KEY=${FLICKR_API_KEY}",
                "FLICKR_USER_ID=29369308@N07"),
        };

        yield return new SecretRule
        {
            Id = "nytimes-access-token",
            Description = "New York Times API key",
            Severity = Severity.High,
            Regex = $@"(?i:nytimes|new[_-]?york[_-]?times)[\w.-]{{0,20}}(?i:key|token|secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9_=-]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("nytimes", "newyorktimes", "new-york-times", "new_york_times"),
            Tags = EquatableArray.Of("saas", "nytimes"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "NYTIMES_API_KEY=h2uC4NmJmgzZgmjwkkxA1VMC9gK4IsBr",
                "new_york_times_api_key: \"3thlFny8F0eOJyGPdrzQzIwfLu8m1hFd\""),
            FalsePositives = EquatableArray.Of(
                "NYTIMES_API_KEY=${NYTIMES_API_KEY}",
                "NYTIMES_API_KEY=OBlxoORIiKd97MZibZeD"),
        };

        yield return new SecretRule
        {
            Id = "rapidapi-access-token",
            Description = "RapidAPI key",
            Severity = Severity.High,
            Regex = $@"(?i:rapidapi|rapid[_-]api)[\w.-]{{0,20}}(?i:key|token|secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9_-]{{50}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("rapidapi", "rapid_api", "rapid-api"),
            Tags = EquatableArray.Of("saas", "rapidapi"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "RAPIDAPI_KEY=EdEqedlcvQjLvy5CvpYbUZhqj29XS4qb4q4df2Xp7u69w2NofM",
                "\"X-RapidAPI-Key\": \"l18yisdmAJKmVNy8n8K23CzrzRa2yjlGeV7g0LTszZBn57G6gm\""),
            FalsePositives = EquatableArray.Of(
                "RAPIDAPI_KEY=${RAPIDAPI_KEY}",
                "\"X-RapidAPI-Host\": \"weatherapi-com.p.rapidapi.com\""),
        };

        yield return new SecretRule
        {
            Id = "linear-client-secret",
            Description = "Linear OAuth client secret",
            Severity = Severity.High,
            Regex = $@"(?i:linear)[\w.-]{{0,20}}(?i:secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("linear"),
            Tags = EquatableArray.Of("saas", "linear", "oauth"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "LINEAR_CLIENT_SECRET=77ebca552d3c73ecd80a24edc0ff5846",
                "linear_oauth_secret: \"a7c7888fe1e91c448b88721f73ea60cc\""),
            FalsePositives = EquatableArray.Of(
                "LINEAR_CLIENT_SECRET=${LINEAR_CLIENT_SECRET}",
                "LINEAR_CLIENT_ID=5f007fa939c72dc5efcf1663f41eb8f9"),
        };

        yield return new SecretRule
        {
            Id = "squarespace-access-token",
            Description = "Squarespace API key",
            Severity = Severity.High,
            Regex = $@"(?i:squarespace)[\w.-]{{0,20}}(?i:key|token|secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("squarespace"),
            Tags = EquatableArray.Of("saas", "squarespace"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "SQUARESPACE_API_KEY=96670a26-c54e-40c4-8716-9cc8ffc03a58",
                "squarespace_access_token: \"762cbfe6-4600-49c0-bfac-18fb3303d0ae\""),
            FalsePositives = EquatableArray.Of(
                "SQUARESPACE_API_KEY=${SQUARESPACE_API_KEY}",
                "SQUARESPACE_SITE_ID=c25950cb-5c5f-478f-8f3e-9bdabcf8db77"),
        };

        yield return new SecretRule
        {
            Id = "freemius-secret-key",
            Description = "Freemius secret key in a PHP SDK configuration",
            Severity = Severity.High,
            Regex = @"[""']secret_key[""']\s{0,3}=>\s{0,3}[""'](sk_[^\s""']{29})[""']",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("secret_key"),
            Tags = EquatableArray.Of("saas", "freemius", "php"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "        'secret_key' => 'sk_G;mqEehZMugb1ZaPt8Jbjf5;!yTaZ',",
                "    \"secret_key\"  =>  \"sk_;8JlN7XcgL900ECffRPc959BBCG%7\","),
            FalsePositives = EquatableArray.Of(
                "        'secret_key' => getenv('FS_SECRET_KEY'),",
                "        'public_key' => 'pk_YhhQ9m9UGA0QdbRZbqYHhJzMeb80S',"),
        };
    }
}
