using System.Text;
using ByokAgent.Providers;
using ByokAgent.Providers.Errors;
using ByokAgent.Testing;

namespace ByokAgent.Tests.Providers.Errors;

/// <summary>
/// Error bodies nobody can read (proxy HTML, nothing, broken or huge JSON) must still become a provider error with the
/// status, through every wire's real client, and the body reader must never throw on them.
/// </summary>
public sealed class UnreadableErrorBodyTests : IAsyncLifetime
{
    private const int HugeLength = 2_000_000;

    private ErrorReplayHost _host = null!;

    /// <summary>Each wire family's client: OpenAI SDK, Anthropic SDK, OpenAI SDK on Azure's paths, the Bedrock client.</summary>
    public static TheoryData<string, string> WiresAndBodies
    {
        get
        {
            var rows = new TheoryData<string, string>();
            foreach (var provider in (string[])["openai", "anthropic", "azure-openai", "bedrock"])
            {
                foreach (var body in Bodies.Keys)
                {
                    rows.Add(provider, body);
                }
            }

            return rows;
        }
    }

    public static TheoryData<string> BodyNames => new(Bodies.Keys);

    private static Dictionary<string, (int Status, string ContentType, string Body)> Bodies { get; } = new()
    {
        ["html 502"] = (502, "text/html", "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"),
        ["empty 500"] = (500, "application/json", string.Empty),
        ["garbage 500"] = (500, "application/json", "}{ this is not json \u0001\u0002"),
        ["cut json 503"] = (503, "application/json", """{"error":{"message":"upstream conn"""),
        ["json null 500"] = (500, "application/json", "null"),
        ["empty array 500"] = (500, "application/json", "[]"),
        ["bare string 500"] = (500, "application/json", "\"internal error\""),
        ["deep nesting 500"] = (500, "application/json", new string('[', 5_000) + new string(']', 5_000)),
        ["huge message 500"] = (500, "application/json", $$$"""{"error":{"message":"{{{new string('x', HugeLength)}}}"}}"""),
    };

    public async Task InitializeAsync() => _host = await ErrorReplayHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [MemberData(nameof(WiresAndBodies))]
    public async Task Chat_UnreadableErrorBody_IsAProviderErrorWithTheStatus(string provider, string bodyName)
    {
        var (status, contentType, body) = Bodies[bodyName];
        var target = ProviderTargets.Get(provider);
        _host.AnswerEverything(FakeReply.Error(status, body, contentType: contentType));

        var error = await _host.ChatFailureAsync(target);

        error.Failure.Should().Be(ProviderFailure.ProviderError);
        error.StatusCode.Should().Be(status);
        error.Message.Should().StartWith($"{target.DisplayName} answered {status}");
        error.Message.Length.Should().BeLessThan(700, "a huge body is cut, never pasted whole into the user's line");
        (error.ProviderMessage?.Length ?? 0).Should().BeLessThanOrEqualTo(501);
    }

    [Theory]
    [MemberData(nameof(BodyNames))]
    public void Read_UnreadableBody_NeverThrows(string bodyName)
    {
        var body = Bodies[bodyName].Body;

        var read = () => ProviderErrorFields.Read(body);

        read.Should().NotThrow().Which.Codes.Should().NotContain(code => code.Length > 120);
    }

    [Fact]
    public void Read_HugeMessage_IsCutForTheUserLine()
    {
        var fields = ProviderErrorFields.Read(Bodies["huge message 500"].Body);

        fields.Message.Should().HaveLength(HugeLength);
        ProviderErrorBody.Truncate(fields.Message).Should().HaveLength(501).And.EndWith("…");
    }

    [Fact]
    public void Read_BinaryBody_NeverThrows()
    {
        var binary = Encoding.Latin1.GetString([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x00, 0x7b, 0x22]);

        ProviderErrorFields.Read(binary).Message.Should().BeNull();
    }
}
