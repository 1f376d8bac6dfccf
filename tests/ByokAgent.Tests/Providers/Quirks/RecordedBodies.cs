using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ByokAgent.Testing;

namespace ByokAgent.Tests.Providers.Quirks;

/// <summary>Reads the bodies of recorded fixtures, so a test can replay a variant (a second parallel call) in the real shape.</summary>
internal static class RecordedBodies
{
    private static readonly JsonSerializerOptions Wire = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The SSE events of a recorded stream, each with its blank-line terminator, comments included.</summary>
    public static List<string> Events(string provider, string file)
    {
        var body = Body(provider, file);
        var events = new List<string>();
        for (int start = 0, end; start < body.Length; start = end)
        {
            end = body.IndexOf("\n\n", start, StringComparison.Ordinal);
            end = end < 0 ? body.Length : end + 2;
            events.Add(body[start..end]);
        }

        return events;
    }

    /// <summary>The JSON of a <c>data:</c> event.</summary>
    public static JsonObject Data(string sseEvent) => JsonNode.Parse(sseEvent.Trim()["data:".Length..])!.AsObject();

    /// <summary>A <c>data:</c> event holding <paramref name="chunk"/>.</summary>
    public static string Event(JsonNode chunk) => $"data: {chunk.ToJsonString(Wire)}\n\n";

    /// <summary>The body of a recorded (non-streamed) response as JSON.</summary>
    public static JsonObject Json(string provider, string file) => JsonNode.Parse(Body(provider, file))!.AsObject();

    /// <summary>A 200 stream of these events, sent byte for byte.</summary>
    // FakeReply.Error sends any status and body as given; a composed success is just as raw as an error.
    public static FakeReply Stream(IEnumerable<string> events) =>
        FakeReply.Error(200, string.Concat(events), contentType: "text/event-stream");

    /// <summary>A 200 JSON answer with this body, sent byte for byte.</summary>
    public static FakeReply Completion(JsonNode body) => FakeReply.Error(200, body.ToJsonString(Wire));

    private static string Body(string provider, string file)
    {
        var text = File.ReadAllText(SharedFixtures.ProviderFixture(provider, file), Encoding.UTF8);
        return text[(text.IndexOf("\n\n", StringComparison.Ordinal) + 2)..];
    }
}
