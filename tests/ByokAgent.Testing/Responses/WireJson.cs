using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ByokAgent.Testing.Responses;

/// <summary>JSON as providers put it on the wire.</summary>
internal static class WireJson
{
    // Providers send non-ASCII text as raw UTF-8, not \u escapes; the client under test should parse exactly that.
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(JsonNode node) => node.ToJsonString(Compact);

    public static byte[] ToUtf8(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, Compact);
}
