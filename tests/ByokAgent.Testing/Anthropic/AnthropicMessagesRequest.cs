using System.Text.Json;
using System.Text.Json.Nodes;

namespace ByokAgent.Testing.Anthropic;

/// <summary>The parts of a Messages request body that shape the fake answer.</summary>
/// <param name="Model">The requested model, echoed in the response as the real API does.</param>
/// <param name="Stream">Whether <c>"stream": true</c> was sent.</param>
internal sealed record AnthropicMessagesRequest(string Model, bool Stream)
{
    public const string FallbackModel = "claude-test";

    public static AnthropicMessagesRequest From(RecordedRequest request)
    {
        // Lenient on purpose: a malformed body still gets the scripted reply, and the test inspects the body itself.
        var body = request.Json as JsonObject;
        var model = body?["model"] is JsonValue value && value.TryGetValue(out string? name) ? name : FallbackModel;
        var stream = body?["stream"] is JsonValue flag && flag.GetValueKind() == JsonValueKind.True;
        return new AnthropicMessagesRequest(model, stream);
    }
}
