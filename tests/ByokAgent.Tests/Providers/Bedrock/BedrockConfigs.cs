using ByokAgent.Providers;
using ByokAgent.Testing;
using ByokAgent.Testing.Bedrock;

namespace ByokAgent.Tests.Providers.Bedrock;

/// <summary>Bedrock model configs pointed at a FakeProvider, signing with the credentials it expects.</summary>
internal static class BedrockConfigs
{
    public const string Model = "us.amazon.nova-micro-v1:0";
    public const string ApiKey = "ABSKQmVkcm9ja0FQSUtleS1mYWN0b3J5LXRlc3Qta2V5";

    public static ModelConfig SigV4(FakeProvider fake, string model = Model, string region = "us-east-1") => new()
    {
        Provider = "bedrock",
        ApiHost = fake.BaseUri.ToString(),
        Model = model,
        Extras = new Dictionary<string, string>
        {
            ["region"] = region,
            ["access_key_id"] = fake.BedrockCredentials.AccessKeyId,
            ["secret_access_key"] = fake.BedrockCredentials.SecretAccessKey,
        },
    };

    public static ModelConfig WithApiKey(FakeProvider fake) => new()
    {
        Provider = "bedrock",
        ApiKey = ApiKey,
        ApiHost = fake.BaseUri.ToString(),
        Model = Model,
        Extras = new Dictionary<string, string> { ["region"] = "us-east-1" },
    };

    public static ModelConfig WithSessionToken(FakeProvider fake, FakeAwsCredentials credentials)
    {
        var config = SigV4(fake);
        return config with
        {
            Extras = new Dictionary<string, string>(config.Extras)
            {
                ["access_key_id"] = credentials.AccessKeyId,
                ["secret_access_key"] = credentials.SecretAccessKey,
                ["session_token"] = credentials.SessionToken!,
            },
        };
    }
}
