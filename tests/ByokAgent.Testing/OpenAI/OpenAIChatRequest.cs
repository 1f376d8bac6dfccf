using System.Text.Json;
using System.Text.Json.Nodes;

namespace ByokAgent.Testing.OpenAI;

/// <summary>The parts of a chat-completions request body that shape the fake answer.</summary>
/// <param name="Model">The requested model, echoed in the response as real providers do.</param>
/// <param name="Stream">Whether <c>"stream": true</c> was sent.</param>
/// <param name="IncludeUsage">Whether <c>stream_options.include_usage</c> was true (adds the <c>choices: []</c> chunk).</param>
internal sealed record OpenAIChatRequest(string Model, bool Stream, bool IncludeUsage)
{
    public const string FallbackModel = "gpt-test";

    public static OpenAIChatRequest From(RecordedRequest request)
    {
        // Lenient on purpose: a malformed body still gets the scripted reply, and the test inspects the body itself.
        var body = request.Json as JsonObject;
        var model = body?["model"] is JsonValue value && value.TryGetValue(out string? name) ? name : FallbackModel;
        var options = body?["stream_options"] as JsonObject;
        return new OpenAIChatRequest(model, IsTrue(body?["stream"]), IsTrue(options?["include_usage"]));
    }

    private static bool IsTrue(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.True;
}
