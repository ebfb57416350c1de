using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Rules;

public static partial class BuiltInRules
{
    // AI and ML APIs: keys bill usage to the owner (often with no spending cap) and can read prompts, files
    // and fine-tuned models, so they are High.
    private static IEnumerable<SecretRule> AiApis()
    {
        // "T3BlbkFJ" is base64 of "OpenAI", embedded in every key OpenAI issued before project keys.
        yield return new SecretRule
        {
            Id = "openai-api-key",
            Description = "OpenAI API key (user key format)",
            Severity = Severity.High,
            Regex = @"\b(sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("t3blbkfj"),
            Tags = EquatableArray.Of("ai", "openai"),
            TruePositives = EquatableArray.Of(
                "\"openai_api_key\": \"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\",",
                "openai_api_key = \"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\""),
            FalsePositives = EquatableArray.Of(
                "OPENAI_API_KEY=sk-FmikPGykgCN81W4uWaDL4HmwN32Xkt6TzqsQSi0Rx9VYKM68",
                "OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxT3BlbkFJ1fucRGd4TPNSUI0w",
                "OPENAI_API_KEY=sk-nTjo96PeXnaT19oVYIbQT3BlbkFJonLoP0vun7DWhwRLeTz"),
        };

        yield return new SecretRule
        {
            Id = "openai-project-key",
            Description = "OpenAI project API key",
            Severity = Severity.High,
            Regex = @"\b(sk-proj-[A-Za-z0-9_-]{40,250})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 4.0,
            Keywords = EquatableArray.Of("sk-proj-"),
            Tags = EquatableArray.Of("ai", "openai"),
            TruePositives = EquatableArray.Of(
                "openai_api_key: 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",
                "export OPENAI_API_KEY=\"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\"",
                """client = OpenAI(api_key="sk-proj-Nc8l466dh7O2nMxQbg1pEKKvPNuK5tDhW9Y_T18kwpAk_evdiaMp4cC6")"""),
            FalsePositives = EquatableArray.Of(
                "OPENAI_API_KEY=sk-proj-ZVbZM5nGWql_1Ju3RMM1",
                "OPENAI_API_KEY=sk-proj-${KEY_SUFFIX}",
                "openai_api_key: sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "openai-service-account-key",
            Description = "OpenAI service account key",
            Severity = Severity.High,
            Regex = @"\b(sk-svcacct-[A-Za-z0-9_-]{40,250})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 4.0,
            Keywords = EquatableArray.Of("sk-svcacct-"),
            Tags = EquatableArray.Of("ai", "openai"),
            TruePositives = EquatableArray.Of(
                "const openaiApiKey = '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';",
                "openai_api_key = \"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\"",
                """client = OpenAI(api_key="sk-svcacct-gNZul4dTBRnW5z-GZK5rEMtANC18pLwty3mHaD0yl0_4RuzjgFlsNI2h")"""),
            FalsePositives = EquatableArray.Of(
                "OPENAI_API_KEY=sk-svcacct-mKRsqse-sDJcwKZtbWzt",
                "OPENAI_API_KEY=sk-svcacct-${KEY_SUFFIX}",
                "openai_api_key: sk-svcacct-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "openai-admin-key",
            Description = "OpenAI organization admin key",
            Severity = Severity.Critical,
            Regex = @"\b(sk-admin-[A-Za-z0-9_-]{40,250})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 4.0,
            Keywords = EquatableArray.Of("sk-admin-"),
            Tags = EquatableArray.Of("ai", "openai"),
            TruePositives = EquatableArray.Of(
                "OPENAI_ADMIN_KEY=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",
                "OPENAI_ADMIN_KEY = \"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\"",
                """client = OpenAI(api_key="sk-admin-OFPKk-VYhjXRIoc-Jh5mb8F14B_AP0_VJ5oLNoY9tK7uJ6Agsq06KV9U")"""),
            FalsePositives = EquatableArray.Of(
                "OPENAI_API_KEY=sk-admin-ceZ-4m7WUD1PS0DRWJ8R",
                "OPENAI_API_KEY=sk-admin-${KEY_SUFFIX}",
                "openai_admin_key: sk-admin-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "anthropic-api-key",
            Description = "Anthropic API key",
            Severity = Severity.High,
            Regex = @"\b(sk-ant-api03-[A-Za-z0-9_-]{93}AA)(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("sk-ant-api03-"),
            Tags = EquatableArray.Of("ai", "anthropic"),
            TruePositives = EquatableArray.Of(
                "\"anthropic_api_key\": \"sk-ant-api03-NR0VyhVXLClXNXqLSHCpvdcyLUBh7JtHljfvEF8RCBweSUwhqeiswu44KzjIh0kYovj1S88Stu9IcyTiB-Bx2ftfmwMpMAA\",",
                "anthropic_api_key: sk-ant-api03-PQTNkdH3LdvxjpBs9UdTLVn21rPUApQZcm-0YAbESNZRUOgL4UklU7U496-XsBXW7BLlYwOQq2zt9N1jIj92cu5tQ3PeAAA",
                """client = anthropic.Anthropic(api_key="sk-ant-api03-9_dFpiw4ZlSNYyDd-HHdGKp-2iVack1cfwBoCGq7XANQ_PlczectHd3LgBDeQBCqXqoz9_Qpsb7k1rQV5EV1VS87I_Vm5AA")"""),
            FalsePositives = EquatableArray.Of(
                "ANTHROPIC_API_KEY=sk-ant-api03-84Au5TvdKAarCHk0mMasNCN-_pSQDXZY1S-GSqTM3aUca9C3NpkMmNHPsJPO77zq3D4xinPEWocjssD7Q_4QkKWviWK8SA",
                "anthropic_api_key: sk-ant-api03-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "anthropic-admin-key",
            Description = "Anthropic Admin API key",
            Severity = Severity.Critical,
            Regex = @"\b(sk-ant-admin01-[A-Za-z0-9_-]{93}AA)(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("sk-ant-admin01-"),
            Tags = EquatableArray.Of("ai", "anthropic"),
            TruePositives = EquatableArray.Of(
                "export ANTHROPIC_ADMIN_KEY=\"sk-ant-admin01-zHZAV2L40en4zC9NDEenXwWGn_KswBvuouV2hh_Q9ANeO-CLL7xpWIoJ0M8Nw7d4br4XOlYAvI7T69pFbzx3ZNGxs5xleAA\"",
                "anthropic_admin_key = \"sk-ant-admin01-qEL-xmbj1kkebq7BmLPcYN7G9NowVfiwUrufnQSBo5EtZOoOPxc2h8cUPFmMKqKE6Cj9EQuXb5I6EmtHHhAGrbiQqx2tEAA\""),
            FalsePositives = EquatableArray.Of(
                "ANTHROPIC_ADMIN_KEY=sk-ant-admin01-a_QK-NjQ8BU21VrcW75OY8UE6Hhl56UsX6LOQyIoyNedoXH1Ain5ZVQ5v_bXKYbDoiXfuuXZdkrmoyk9TnKQn3FX-EHSpA",
                "anthropic_admin_key: sk-ant-admin01-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "huggingface-access-token",
            Description = "Hugging Face user access token",
            Severity = Severity.High,
            Regex = @"\b(hf_[A-Za-z]{34})\b",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("hf_"),
            Tags = EquatableArray.Of("ai", "huggingface"),
            TruePositives = EquatableArray.Of(
                "ENV HF_TOKEN=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",
                "  hf_token: \"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\"",
                "huggingface-cli login --token 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"),
            FalsePositives = EquatableArray.Of(
                "HF_TOKEN=hf_ypqfHJLKVSZGOVaLwQsUTCFvVxDZpkith",
                "hf_token: hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "huggingface-org-token",
            Description = "Hugging Face organization API token",
            Severity = Severity.High,
            Regex = @"\b(api_org_[A-Za-z]{34})\b",
            SecretGroup = 1,
            Entropy = 3.5,
            Keywords = EquatableArray.Of("api_org_"),
            Tags = EquatableArray.Of("ai", "huggingface"),
            TruePositives = EquatableArray.Of(
                "HUGGINGFACE_ORG_TOKEN=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",
                "HUGGINGFACE_ORG_TOKEN = \"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\""),
            FalsePositives = EquatableArray.Of(
                "HUGGINGFACE_ORG_TOKEN=api_org_QmWAiPMHYmxycPtWdeEBLVvRLvUthNiuS",
                "huggingface_org_token: api_org_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "groq-api-key",
            Description = "Groq API key",
            Severity = Severity.High,
            Regex = @"\b(gsk_(?:[A-Za-z0-9]{52}|[A-Za-z0-9]{48}))\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("gsk_"),
            Tags = EquatableArray.Of("ai", "groq"),
            TruePositives = EquatableArray.Of(
                "GROQ_API_KEY=gsk_C74C3zzoERcgqBMg7MUOeyk3MBArL4px7iAxatQTB1coK4AV",
                "groq_api_key = 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",
                "groq_api_key = \"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\""),
            FalsePositives = EquatableArray.Of(
                "GROQ_API_KEY=gsk_9nJhsjjKnUeeHBuNmJOu65oVgV54jkJ1NpB7Jkfnq26nUxWpWbL",
                "groq_api_key: gsk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "perplexity-api-key",
            Description = "Perplexity API key",
            Severity = Severity.High,
            Regex = @"\b(pplx-[A-Za-z0-9]{48})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("pplx-"),
            Tags = EquatableArray.Of("ai", "perplexity"),
            TruePositives = EquatableArray.Of(
                "perplexity_api_key: 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",
                "perplexity_api_key = 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"),
            FalsePositives = EquatableArray.Of(
                "PERPLEXITY_API_KEY=pplx-NMnYloCuBc9am4hSkmjcbTuFb4UxqbtMIQLyPwMQNDYNDQJ",
                "perplexity_api_key: pplx-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "xai-api-key",
            Description = "xAI (Grok) API key",
            Severity = Severity.High,
            Regex = @"\b(xai-[A-Za-z0-9]{80})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("xai-"),
            Tags = EquatableArray.Of("ai", "xai"),
            TruePositives = EquatableArray.Of(
                "export XAI_API_KEY=\"xai-A1jtbX2BufMJPo27s2E8noxS0gianEmz2jhgOjW5MtHlCkz6haaEpLIqwhKfwgBNfbokwnob8PP7jYep\"",
                "xai_api_key: xai-oTRwWnG0dO1EAgK6EFSWZnvpYSHz4LCmKMP5nsXO7uPWnE6fc9DxrkXSNMgpi2fNw3ogDPIHekJfRJV0"),
            FalsePositives = EquatableArray.Of(
                "XAI_API_KEY=xai-KdBJaAcGw8r5E5tKqArD0Czw2JgiWHirPpADicOYRpDxRvPgig1MDABRnWCGuJi381XuCwCwezbRnQQ",
                "xai_api_key: xai-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "replicate-api-token",
            Description = "Replicate API token",
            Severity = Severity.High,
            Regex = @"\b(r8_[A-Za-z0-9]{37})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("r8_"),
            Tags = EquatableArray.Of("ai", "replicate"),
            TruePositives = EquatableArray.Of(
                "export REPLICATE_API_TOKEN=\"r8_Fd2p00wsDWiMpnNZs6unNJ3MZqCN2YNsTh73k\"",
                "const replicateApiToken = 'r8_8vZRGttNHaygkZdcd1ym5ztW6XQAkIWNOnT2c';"),
            FalsePositives = EquatableArray.Of(
                "REPLICATE_API_TOKEN=r8_cIlbGPRNcJb68xAWAdTpqsA9ZdNeyDTDbSWI",
                "replicate_api_token: r8_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "openrouter-api-key",
            Description = "OpenRouter API key",
            Severity = Severity.High,
            Regex = @"\b(sk-or-v1-[a-f0-9]{64})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("sk-or-v1-"),
            Tags = EquatableArray.Of("ai", "openrouter"),
            TruePositives = EquatableArray.Of(
                "  openrouter_api_key = \"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\"",
                "openrouter_api_key = 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"),
            FalsePositives = EquatableArray.Of(
                "OPENROUTER_API_KEY=sk-or-v1-d3066e1371271bd375d0d7c0ca90fab9c3ca2ea710d7f0f81de112b0fb54970",
                "openrouter_api_key: sk-or-v1-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "langsmith-api-key",
            Description = "LangSmith (LangChain) API key",
            Severity = Severity.High,
            Regex = @"\b(lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("lsv2_"),
            Tags = EquatableArray.Of("ai", "langchain"),
            TruePositives = EquatableArray.Of(
                "const langsmithApiKey = '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';",
                "LANGSMITH_API_KEY = \"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\"",
                "LANGCHAIN_API_KEY=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"),
            FalsePositives = EquatableArray.Of(
                "LANGSMITH_API_KEY=lsv2_pt_a0d9cd88abb03d9feaa9e6866c5e51dc_225908ad9",
                "langsmith_api_key: lsv2_pt_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "langfuse-secret-key",
            Description = "Langfuse secret key",
            Severity = Severity.High,
            Regex = @"\b(sk-lf-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("sk-lf-"),
            Tags = EquatableArray.Of("ai", "langfuse"),
            TruePositives = EquatableArray.Of(
                "      LANGFUSE_SECRET_KEY: sk-lf-f917ef4d-64d8-498d-96a9-b6b303793ca5",
                "const langfuseSecretKey = 'sk-lf-5538de49-d8a7-4d9c-b24a-9939f8f1cefd';"),
            FalsePositives = EquatableArray.Of(
                "LANGFUSE_SECRET_KEY=sk-lf-f9244ccb-3315-4da6-8a48-ef0b9908d57",
                "langfuse_secret_key: sk-lf-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "pinecone-api-key",
            Description = "Pinecone API key",
            Severity = Severity.High,
            Regex = @"\b(pcsk_[A-Za-z0-9]{4,8}_[A-Za-z0-9]{50,80})\b",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("pcsk_"),
            Tags = EquatableArray.Of("ai", "pinecone"),
            TruePositives = EquatableArray.Of(
                "PINECONE_API_KEY=pcsk_s8VGlb_fLFTukLPDjZEl7ntywuDf9gr0n8YL2ah6KMb4BCX4qQOCrVLNfBLUzLlkJLBa7Z",
                "$env:PINECONE_API_KEY = \"pcsk_AtXPAh_8DtrobcSrnCNsxGVmn4BRvMObhClYMWRegk3Q4x0tbtwRowyOR2EDkWOcnTeZPI\""),
            FalsePositives = EquatableArray.Of(
                "PINECONE_API_KEY=pcsk_Rz1iEe_2HDM09S1rGHEB9qUjiu1yhuqcGJhBkUzfiOdIfVaAGlbwTkQm",
                "pinecone_api_key: pcsk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "nvidia-api-key",
            Description = "NVIDIA NGC / API catalog key",
            Severity = Severity.High,
            Regex = @"\b(nvapi-[A-Za-z0-9_-]{64})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("nvapi-"),
            Tags = EquatableArray.Of("ai", "nvidia"),
            TruePositives = EquatableArray.Of(
                "os.environ[\"NVIDIA_API_KEY\"] = \"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\"",
                "$env:NVIDIA_API_KEY = \"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\""),
            FalsePositives = EquatableArray.Of(
                "NVIDIA_API_KEY=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",
                "nvidia_api_key: nvapi-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        };

        yield return new SecretRule
        {
            Id = "cohere-api-key",
            Description = "Cohere API key",
            Severity = Severity.High,
            Regex = $@"(?i:cohere|co_api)[\w.-]{{0,20}}(?i:api[_.-]?key|key|token)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{40}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("cohere", "co_api"),
            Tags = EquatableArray.Of("ai", "cohere"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "  cohere_api_key = \"g1IqfGI1bIULSr982cAHyWN9yg2WTk9GROM3RUap\"",
                "co_api_key: rmmWqHulHBYW2vVWdmFPVoEDQjtctO7ery5yauyt"),
            FalsePositives = EquatableArray.Of(
                "COHERE_API_KEY=${COHERE_API_KEY}",
                "api_key: DoPbLVBXw8KlbGptLeuiohd9V6ABHG1F6bTB6ZFK"),
        };

        yield return new SecretRule
        {
            Id = "mistral-api-key",
            Description = "Mistral AI API key",
            Severity = Severity.High,
            Regex = $@"(?i:mistral)[\w.-]{{0,20}}(?i:api[_.-]?key|key)[\w.-]{{0,16}}{ServiceKeyAssignment}([A-Za-z0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("mistral"),
            Tags = EquatableArray.Of("ai", "mistral"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "mistral_api_key: nJwWksCyosuPFMcIXxWhuUd7T0bndq9j",
                "\"mistral_api_key\": \"mczuoORfTcD50ltoNjPuCyiBDFyklrdM\","),
            FalsePositives = EquatableArray.Of(
                "MISTRAL_API_KEY=${MISTRAL_API_KEY}",
                "\"api_key\": \"otz8tyjQRzLINSq0edoxGcWwOn5RAaTw\","),
        };

        yield return new SecretRule
        {
            Id = "deepseek-api-key",
            Description = "DeepSeek API key",
            Severity = Severity.High,
            Regex = $@"(?i:deepseek)[\w.-]{{0,20}}(?i:api[_.-]?key|key)[\w.-]{{0,16}}{ServiceKeyAssignment}(sk-[a-f0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("deepseek"),
            Tags = EquatableArray.Of("ai", "deepseek"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "deepseek_api_key: sk-6ac607baa7d756c0a9665795831af944",
                "DEEPSEEK_API_KEY = \"sk-2574c4b385dcbaea5498fdd0e54bfb53\""),
            FalsePositives = EquatableArray.Of(
                "DEEPSEEK_API_KEY=${DEEPSEEK_API_KEY}",
                "API_KEY = \"sk-16d5262410ccbfda99db6739e47e6357\""),
        };

        yield return new SecretRule
        {
            Id = "azure-openai-api-key",
            Description = "Azure OpenAI / Azure AI services key",
            Severity = Severity.High,
            Regex = $@"(?i:azure[_.-]?openai|aoai|azure[_.-]?ai|cognitive)[\w.-]{{0,20}}(?i:api[_.-]?key|key)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{32}}|[A-Za-z0-9]{{84}}){ValueEnd}|\b([A-Za-z0-9]{{52}}JQQJ99[A-Za-z0-9]{{18}}ACOG[A-Za-z0-9]{{4}})\b",
            Entropy = 3.0,
            Keywords = EquatableArray.Of("azure", "aoai", "cognitive", "jqqj99"),
            Tags = EquatableArray.Of("ai", "azure", "openai"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "$env:AZURE_OPENAI_API_KEY = \"e7be8f1abe128f6a5c73827e0d32afd7\"",
                "  azure_ai_key = \"0a29d925b9701d601cb88f3ed199bfbf\"",
                "AZURE_OPENAI_KEY=tjJE4ygZz5x3L2Ktqlua0ojLED2BzpRvSmmlW9Rku3UgKlrobiqn0Fsfj6c10A0GNMs1v32LD73mo6iTPWpw",
                // Keys issued since 2024 use Microsoft's identifiable layout (JQQJ99 at 52, the AI services tag ACOG at
                // 76) and are found under any name.
                "client = AzureOpenAI(api_key=\"5srpS9wg1QlRRLiiRejeKx0gbVC3lrAmSJ2km14IKCzi2Eg3h0p5JQQJ99BEACGzTYXXJ3w3AAAJACOG5yN8\", api_version=\"2024-10-21\")",
                "SPEECH_KEY=4Bl3WWWqWibY6PFcv7DJzk3i8ju6BRoQowFgsH9R1YpX4nVrRtdVJQQJ99BCACC1fDBXJ3w3AAAEACOGTue7"),
            FalsePositives = EquatableArray.Of(
                "AZURE_OPENAI_API_KEY=${AZURE_OPENAI_API_KEY}",
                "  api_key = \"c9c742fe73e2c79dced28c6b7d711739\"",
                "token = \"CfZ4U2EqkNk6sEr6f4gUy0BQ8DEoFogNCAI3Ao3pxTnHyf6t5YdIJQQJ99BDACAAAAAgBaVbVJBMAZDOQKnY\""),
        };

        yield return new SecretRule
        {
            Id = "together-ai-api-key",
            Description = "Together AI API key",
            Severity = Severity.High,
            Regex = $@"(?i:together)[\w.-]{{0,20}}(?i:api[_.-]?key|key)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{64}}|tgp_v1_[A-Za-z0-9_-]{{43}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("together"),
            Tags = EquatableArray.Of("ai", "together"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "      TOGETHER_API_KEY: ea8588902f6e62f4ffc02ab6be39bda92b57afdf861170381938e92839a28b2b",
                "$env:TOGETHER_API_KEY = \"f510998d09ddf47c0f66ec6cd3a12a537aa5e257f2b22369f41ec1f7335556c5\""),
            FalsePositives = EquatableArray.Of(
                "TOGETHER_API_KEY=${TOGETHER_API_KEY}",
                "$env:API_KEY = \"a24ff1e4998c758249cdc78b02115c5792ae6b6de2663ab246b736c00379f3c0\""),
        };

        yield return new SecretRule
        {
            Id = "elevenlabs-api-key",
            Description = "ElevenLabs API key",
            Severity = Severity.High,
            Regex = $@"(?i:elevenlabs|eleven_labs|xi_api)[\w.-]{{0,20}}(?i:api[_.-]?key|key)[\w.-]{{0,16}}{ServiceKeyAssignment}(sk_[a-f0-9]{{48}}|[a-f0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("elevenlabs", "eleven_labs", "xi_api"),
            Tags = EquatableArray.Of("ai", "elevenlabs"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "$env:ELEVENLABS_API_KEY = \"sk_45ecf6e7826a6d248be4d3e5daea3f68a335ceaf3d8c052c\"",
                "xi_api_key = \"sk_263dbd06a04c01947775b748a49d79e0928ebfa698367f2e\""),
            FalsePositives = EquatableArray.Of(
                "ELEVENLABS_API_KEY=${ELEVENLABS_API_KEY}",
                "api_key = \"sk_90d4536d1b642d3d2ed5cd7906867df68701696732b1c0e4\""),
        };

        yield return new SecretRule
        {
            Id = "wandb-api-key",
            Description = "Weights & Biases API key",
            Severity = Severity.High,
            Regex = $@"(?i:wandb)[\w.-]{{0,20}}(?i:api[_.-]?key|key)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{40}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("wandb"),
            Tags = EquatableArray.Of("ai", "wandb"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "      WANDB_API_KEY: e84e62d34afb935c182e4021261b4795395bf285",
                "  wandb_api_key: \"4b39b03b5983e8d27a33534aba9ac1b201788a8c\""),
            FalsePositives = EquatableArray.Of(
                "WANDB_API_KEY=${WANDB_API_KEY}",
                "  api_key: \"450c90be6c266ec7f56e790b185be9df969db57d\""),
        };

        yield return new SecretRule
        {
            Id = "fireworks-api-key",
            Description = "Fireworks AI API key",
            Severity = Severity.High,
            Regex = $@"(?i:fireworks)[\w.-]{{0,20}}(?i:api[_.-]?key|key)[\w.-]{{0,16}}{ServiceKeyAssignment}(fw_[A-Za-z0-9]{{24}}|[A-Za-z0-9]{{48}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("fireworks"),
            Tags = EquatableArray.Of("ai", "fireworks"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "const fireworksApiKey = 'fw_2Ymsyh5Re9Cq3c7FLuuteOOF';",
                "fireworks_api_key = fw_qDE5olAAUySZB6IaTDRWxbeB"),
            FalsePositives = EquatableArray.Of(
                "FIREWORKS_API_KEY=${FIREWORKS_API_KEY}",
                "api_key = fw_jNxAJypUTZsAwaEj6flSd7Pj"),
        };

        yield return new SecretRule
        {
            Id = "assemblyai-api-key",
            Description = "AssemblyAI API key",
            Severity = Severity.High,
            Regex = $@"(?i:assemblyai|assembly_ai)[\w.-]{{0,20}}(?i:api[_.-]?key|key)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("assemblyai", "assembly_ai"),
            Tags = EquatableArray.Of("ai", "assemblyai"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "assemblyai_api_key: 54016d1512271db10cb73fc26f72cc0c",
                "ASSEMBLYAI_API_KEY = \"14e78afdda19dee66130e4e0ed18c0bc\""),
            FalsePositives = EquatableArray.Of(
                "ASSEMBLYAI_API_KEY=${ASSEMBLYAI_API_KEY}",
                "API_KEY = \"1e45eff9384eb0d6dfe8db981f7f4b0c\""),
        };

        yield return new SecretRule
        {
            Id = "deepgram-api-key",
            Description = "Deepgram API key",
            Severity = Severity.High,
            Regex = $@"(?i:deepgram)[\w.-]{{0,20}}(?i:api[_.-]?key|key|token)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-f0-9]{{40}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("deepgram"),
            Tags = EquatableArray.Of("ai", "deepgram"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "\"deepgram_api_key\": \"02384db785bae5b01f65ffb376964ba88cbb53e1\",",
                "export DEEPGRAM_API_KEY=\"ef66a25506ca2677253c4e7603a98193f0fa9a81\""),
            FalsePositives = EquatableArray.Of(
                "DEEPGRAM_API_KEY=${DEEPGRAM_API_KEY}",
                "export API_KEY=\"0a1c3f128a3b489b3b44d85f0ece94022c7f023f\""),
        };

        yield return new SecretRule
        {
            Id = "stability-ai-api-key",
            Description = "Stability AI API key",
            Severity = Severity.High,
            Regex = $@"(?i:stability)[\w.-]{{0,20}}(?i:api[_.-]?key|key)[\w.-]{{0,16}}{ServiceKeyAssignment}(sk-[A-Za-z0-9]{{48}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("stability"),
            Tags = EquatableArray.Of("ai", "stability"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "  stability_api_key = \"sk-wWr9pKLHLxq71pqHjCpUCyaVNICIlSY4rroYPQtDjUQsIPTy\"",
                "const stabilityApiKey = 'sk-yBdpGDsRIT4p8JinHUkUzcR17mHLXAed6qlSfNQBA0PVu3DE';"),
            FalsePositives = EquatableArray.Of(
                "STABILITY_API_KEY=${STABILITY_API_KEY}",
                "const apiKey = 'sk-shISYj0iBybRh9OrzdNeFne1qxgPrbcPFvUlzuP55KVxOLzI';"),
        };

        yield return new SecretRule
        {
            Id = "voyage-ai-api-key",
            Description = "Voyage AI API key",
            Severity = Severity.High,
            Regex = $@"(?i:voyage)[\w.-]{{0,20}}(?i:api[_.-]?key|key)[\w.-]{{0,16}}{ServiceKeyAssignment}(pa-[A-Za-z0-9_-]{{43}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("voyage"),
            Tags = EquatableArray.Of("ai", "voyage"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "voyage_api_key: pa-nYcQZ44M61OO5_z1J-MzKsA03n7Y0o_Wd_kil7sOIog",
                "const voyageApiKey = 'pa-anGnU_-f_GH6I5RaZVsZRRzpYd3bi29fkQL3odXgUag';"),
            FalsePositives = EquatableArray.Of(
                "VOYAGE_API_KEY=${VOYAGE_API_KEY}",
                "const apiKey = 'pa-M7z9JbF3ZfimP2988qtUjo6JkUsXCe1L0Wh6XiiKvnb';"),
        };

        yield return new SecretRule
        {
            Id = "claude-code-oauth-token",
            Description = "Anthropic Claude Code OAuth token (claude setup-token)",
            Severity = Severity.High,
            Regex = @"\b(sk-ant-oat01-[A-Za-z0-9_-]{80,120})(?:[^A-Za-z0-9_-]|$)",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("sk-ant-oat01-"),
            Tags = EquatableArray.Of("ai", "anthropic", "oauth"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "export CLAUDE_CODE_OAUTH_TOKEN=\"sk-ant-oat01-GmqEehZMugb1ZaPt8Jbjf5yTaZ8JlN7XcgL900ECffRPc959BBCG7xhpMAg72iy2xOSY82lffriFLjitAwlKnCsT77Zf1AA\"",
                "          claude_code_oauth_token: sk-ant-oat01-LICyAdOmvcQMl8rdtDF1k8UHx6kLGF34IWtH0q8nso1l4eXUS4SlqmGoPmQlNLkNbMKFdNJAa5cFnIYE0sir6sBShm4TuAA"),
            FalsePositives = EquatableArray.Of(
                "CLAUDE_CODE_OAUTH_TOKEN=${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}",
                "token = \"sk-ant-oat01-9lbQkch57URSIP9uO4CKbdghfV93iW3tSTQ0nA7f\""),
        };

        yield return new SecretRule
        {
            Id = "claude-code-session-url",
            Description = "Claude Code remote session URL",
            Severity = Severity.Medium,
            Regex = @"\b(https?://claude\.ai/code/session_[A-Za-z0-9]{16,64})\b",
            SecretGroup = 1,
            Keywords = EquatableArray.Of("claude.ai/code/session_"),
            Tags = EquatableArray.Of("ai", "anthropic", "session"),
            TruePositives = EquatableArray.Of(
                "Continue the refactor here: https://claude.ai/code/session_1gW6mekmv7ZRz5gzQiLBzR07",
                "session_url = \"https://claude.ai/code/session_03atCnBDf9vJlJkHJFsf3Rwwh4\""),
            FalsePositives = EquatableArray.Of(
                "https://claude.ai/code/session_short",
                "https://claude.ai/chat/session_NI5rhfrrwUhKvVpUX1fVzw4l"),
        };

        yield return new SecretRule
        {
            Id = "privateai-api-token",
            Description = "Private AI API key",
            Severity = Severity.High,
            Regex = $@"(?i:private[_-]?ai)[\w.-]{{0,20}}(?i:key|token|secret)[\w.-]{{0,16}}{ServiceKeyAssignment}([a-z0-9]{{32}}){ValueEnd}",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("privateai", "private_ai", "private-ai"),
            Tags = EquatableArray.Of("ai", "privateai"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders),
            TruePositives = EquatableArray.Of(
                "PRIVATE_AI_API_KEY=t2apm7y2cpb8o0vwck1bi118kg5v7nvz",
                "privateai_token: \"eyctjajbt3rjmpnhucwx6if1hroe679r\""),
            FalsePositives = EquatableArray.Of(
                "PRIVATE_AI_API_KEY=${PRIVATE_AI_API_KEY}",
                "api_key = \"9pgavy1ghcccl8d0sd1sa6mlsg1wsld6\""),
        };
    }
}
