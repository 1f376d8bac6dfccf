using System.Text.Json;
using ByokAgent.Sessions;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ByokAgent.Tests.Sessions;

public sealed class ChatMessageSerializerTests
{
    [Fact]
    public void RoundTrip_UserText_KeepsRoleAndText()
    {
        var stored = ChatMessageSerializer.ToStored(new ChatMessageContent(AuthorRole.User, "Hello, 世界 👋"));

        stored.Role.Should().Be("user");
        stored.Text.Should().Be("Hello, 世界 👋");
        var back = ChatMessageSerializer.FromStored(stored);
        back.Role.Should().Be(AuthorRole.User);
        back.Content.Should().Be("Hello, 世界 👋");
    }

    [Fact]
    public void ToStored_TextWithNul_ShowsItAsASymbol_AndThePayloadKeepsItExactly()
    {
        var text = "before\0after";

        var stored = ChatMessageSerializer.ToStored(new ChatMessageContent(AuthorRole.User, text));

        stored.Text.Should().Be("before\u2400after", "SQLite cuts text at a NUL and PostgreSQL refuses one");
        stored.Payload.Should().NotContain("\0");
        ChatMessageSerializer.FromStored(stored).Content.Should().Be(text);
    }

    [Fact]
    public void RoundTrip_ToolCall_KeepsIdNamesAndTypedArguments()
    {
        var arguments = new KernelArguments { ["city"] = "Paris", ["days"] = JsonSerializer.SerializeToElement(3), ["metric"] = JsonSerializer.SerializeToElement(true) };
        var message = new ChatMessageContent(AuthorRole.Assistant, [new FunctionCallContent("get_weather", "weather", "call_7", arguments)]);

        var stored = ChatMessageSerializer.ToStored(message);
        var call = ChatMessageSerializer.FromStored(stored).Items.Should().ContainSingle().Which.Should().BeOfType<FunctionCallContent>().Subject;

        stored.Text.Should().BeNull("a message that only calls a tool has no text");
        (call.Id, call.PluginName, call.FunctionName).Should().Be(("call_7", "weather", "get_weather"));
        call.Arguments!["city"].Should().Be("Paris");
        JsonSerializer.Serialize(call.Arguments!["days"]).Should().Be("3", "numbers stay numbers when the call is sent back to the model");
        JsonSerializer.Serialize(call.Arguments!["metric"]).Should().Be("true");
    }

    [Fact]
    public void RoundTrip_ToolResult_KeepsCallIdAndResultText()
    {
        var message = new ChatMessageContent(AuthorRole.Tool, [new FunctionResultContent("get_weather", "weather", "call_7", "Sunny")]);

        var stored = ChatMessageSerializer.ToStored(message);
        var result = ChatMessageSerializer.FromStored(stored).Items.Should().ContainSingle().Which.Should().BeOfType<FunctionResultContent>().Subject;

        stored.Role.Should().Be("tool");
        stored.Text.Should().Be("Sunny");
        (result.CallId, result.FunctionName, result.Result).Should().Be(("call_7", "get_weather", "Sunny"));
    }

    [Fact]
    public void ToStored_StructuredToolResult_IsStoredAsJson()
    {
        var message = new ChatMessageContent(AuthorRole.Tool, [new FunctionResultContent("f", "p", "c1", new { Count = 2 })]);

        ChatMessageSerializer.ToStored(message).Text.Should().Be("""{"Count":2}""");
    }

    [Fact]
    public void FromStored_UnknownFormatVersion_FailsClearly()
    {
        var act = () => ChatMessageSerializer.FromStored(new SessionMessage("user", "hi", """{"v":99,"role":"user","items":[]}"""));

        act.Should().Throw<InvalidDataException>().WithMessage("*format 99*");
    }

    [Fact]
    public void ToStored_Payload_IsVersionedJson()
    {
        var payload = JsonDocument.Parse(ChatMessageSerializer.ToStored(new ChatMessageContent(AuthorRole.Assistant, "ok")).Payload).RootElement;

        payload.GetProperty("v").GetInt32().Should().Be(1);
        payload.GetProperty("role").GetString().Should().Be("assistant");
        payload.GetProperty("items")[0].GetProperty("type").GetString().Should().Be("text");
    }
}
