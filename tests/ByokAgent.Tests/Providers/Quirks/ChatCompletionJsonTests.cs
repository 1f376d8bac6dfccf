using System.Text.Json.Nodes;
using ByokAgent.Providers.OpenAICompatible;

namespace ByokAgent.Tests.Providers.Quirks;

public sealed class ChatCompletionJsonTests
{
    [Theory]
    [InlineData("""{"index":3}""", 3)]
    [InlineData("""{"index":"3"}""", null)]
    [InlineData("""{"index":null}""", null)]
    [InlineData("""{"index":3.5}""", null)]
    [InlineData("""{}""", null)]
    public void Int_ParsedJson_ReadsOnlyWholeNumbers(string json, int? expected)
    {
        ChatCompletionJson.Int(JsonNode.Parse(json)!.AsObject(), "index").Should().Be(expected);
    }

    [Fact]
    public void DeltaToolCalls_OddShapes_YieldNothingInsteadOfThrowing()
    {
        var chunk = JsonNode.Parse("""{"choices":[null,{"delta":null},{"delta":{"tool_calls":null}},{"index":4,"delta":{"tool_calls":[{"id":"a"},7]}}]}""")!.AsObject();

        ChatCompletionJson.DeltaToolCalls(chunk).Select(c => (c.Choice, c.Call["id"]!.GetValue<string>())).Should().Equal((4, "a"));
    }
}
