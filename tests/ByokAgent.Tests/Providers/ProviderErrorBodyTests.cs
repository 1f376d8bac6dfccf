using ByokAgent.Providers.Errors;
using ByokAgent.Providers;

namespace ByokAgent.Tests.Providers;

public sealed class ProviderErrorBodyTests
{
    /// <summary>Error bodies as providers send them (shared/wire.md and shared/fixtures/providers), and the message to read.</summary>
    public static TheoryData<string, string, string> RealBodies => new()
    {
        {
            "openai model_not_found (fixture, pretty-printed)",
            """
            {
                "error": {
                    "message": "The model `gpt-5.2-proo` does not exist or you do not have access to it.",
                    "type": "invalid_request_error",
                    "param": null,
                    "code": "model_not_found"
                }
            }
            """,
            "The model `gpt-5.2-proo` does not exist or you do not have access to it."
        },
        {
            "anthropic not_found_error (fixture)",
            """{"type":"error","error":{"type":"not_found_error","message":"model: claude-sonet-4-5"},"request_id":"req_011CdufXo8Y2LVfY2veyuQWG"}""",
            "model: claude-sonet-4-5"
        },
        {
            "gemini array",
            """[{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}]""",
            "API key not valid. Please pass a valid API key."
        },
        {
            "vllm plain string",
            """{"error":"Unauthorized"}""",
            "Unauthorized"
        },
        {
            "vllm flat object",
            """{"object":"error","message":"The model `x` does not exist.","type":"NotFoundError","param":null,"code":404}""",
            "The model `x` does not exist."
        },
        {
            "llama.cpp numeric code",
            """{"error":{"code":401,"message":"Invalid API Key","type":"authentication_error"}}""",
            "Invalid API Key"
        },
        {
            "bedrock lower-case message (fixture)",
            """{"message":"The provided model identifier is invalid."}""",
            "The provided model identifier is invalid."
        },
        {
            "bedrock auth layer Message",
            """{"Message":"The security token included in the request is invalid."}""",
            "The security token included in the request is invalid."
        },
        {
            "minimax base_resp",
            """{"id":"","choices":null,"base_resp":{"status_code":1004,"status_msg":"login fail: Please carry the API secret key in the 'Authorization' field of the request header"}}""",
            "login fail: Please carry the API secret key in the 'Authorization' field of the request header"
        },
        {
            "minimax openai surface",
            """{"type":"error","error":{"type":"authorized_error","message":"invalid api key (2049)","http_code":"401"},"request_id":"05f1a7b2c3d4e5f6"}""",
            "invalid api key (2049)"
        },
        {
            "z.ai string code",
            """{"error":{"code":"1211","message":"Unknown Model, please check the model code."}}""",
            "Unknown Model, please check the model code."
        },
        {
            "azure resource not found",
            """{"error":{"code":"404","message":"Resource not found"}}""",
            "Resource not found"
        },
        {
            "openrouter rate limited (fixture)",
            """{"error":{"code":429,"message":"Provider returned error","metadata":{"provider_name":"Google","raw":"google/gemini-2.0-flash-exp:free is temporarily rate-limited upstream."}},"user_id":"user_2wT5ElBE4Es3R4QrNLpZiXICmQP"}""",
            "Provider returned error (google/gemini-2.0-flash-exp:free is temporarily rate-limited upstream.)"
        },
        {
            "deepseek insufficient balance",
            """{"error":{"message":"Insufficient Balance","type":"unknown_error","param":null,"code":"invalid_request_error"}}""",
            "Insufficient Balance"
        },
    };

    [Theory]
    [MemberData(nameof(RealBodies))]
    public void TryReadMessage_ProviderErrorBody_ReadsTheHumanMessage(string shape, string body, string message) =>
        ProviderErrorBody.TryReadMessage(body).Should().Be(message, shape);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>")]
    [InlineData("""{"error":{"message":"The server had an er""")]
    [InlineData("""[{"error":{"code":429,""")]
    [InlineData("upstream connect error or disconnect/reset before headers. reset reason: connection failure")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("""{"error":{"code":500}}""")]
    [InlineData("""{"error":{"message":123}}""")]
    [InlineData("""{"detail":{"loc":["body"]}}""")]
    public void TryReadMessage_BodyWithoutReadableMessage_IsNull(string? body) =>
        ProviderErrorBody.TryReadMessage(body).Should().BeNull();

    [Theory]
    [InlineData("""{"base_resp":{"status_code":1004,"status_msg":1004}}""")]
    [InlineData("""{"base_resp":"login fail"}""")]
    [InlineData("""{"base_resp":[{"status_msg":"x"}]}""")]
    public void TryReadMessage_OddlyShapedBaseResp_IsNullWithoutThrowing(string body)
    {
        // Called from the exception filter of ProviderErrorsChatClient: a throw there is swallowed by the runtime and the
        // SDK's own exception (whose message quotes the raw body) escapes untranslated and unscrubbed.
        var act = () => ProviderErrorBody.TryReadMessage(body);

        act.Should().NotThrow().Which.Should().BeNull();
    }

    [Fact]
    public void TryReadMessage_VeryLongMessage_IsTruncatedWithEllipsis()
    {
        var longMessage = new string('x', 5000);

        var message = ProviderErrorBody.TryReadMessage($$$"""{"error":{"message":"{{{longMessage}}}"}}""");

        message.Should().HaveLength(501).And.StartWith(new string('x', 500)).And.EndWith("…");
    }

    [Fact]
    public void TryReadMessage_MessageAtTheLimit_IsKeptWhole()
    {
        var exact = new string('y', 500);

        ProviderErrorBody.TryReadMessage($$"""{"message":"{{exact}}"}""").Should().Be(exact);
    }

    [Fact]
    public void TryReadMessage_PaddedMessage_IsTrimmed() =>
        ProviderErrorBody.TryReadMessage("""{"error":{"message":"  Invalid key.\n"}}""").Should().Be("Invalid key.");

    [Fact]
    public void TryReadMessage_NestedErrorWins_OverTopLevelMessage() =>
        ProviderErrorBody.TryReadMessage("""{"message":"outer","error":{"message":"inner"}}""").Should().Be("inner");

    [Fact]
    public void TryReadMessage_ErrorWithoutMessage_FallsBackToTopLevelMessage() =>
        ProviderErrorBody.TryReadMessage("""{"error":{"code":"404"},"message":"Resource not found"}""").Should().Be("Resource not found");
}
