using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace ByokAgent.Server.Tests.TestSupport;

/// <summary>Requests and answers of the API as plain JSON, the way any client sees them.</summary>
internal static class ApiJson
{
    /// <summary>A JSON body exactly as written (malformed on purpose when a test wants it).</summary>
    public static StringContent Raw(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>An agent turn request.</summary>
    public static JsonContent Turn(string message, string? sessionId = null, bool stream = false) =>
        JsonContent.Create(new JsonObject
        {
            ["message"] = message,
            ["session_id"] = sessionId,
            ["stream"] = stream,
        });

    /// <summary>Asserts the status and the API's error shape, and returns the <c>error</c> object.</summary>
    public static async Task<JsonObject> ShouldBeErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        (response.Content.Headers.ContentType?.MediaType).Should().Be("application/json", $"{(int)response.StatusCode} answers in the API's error shape");
        var error = JsonNode.Parse(body)!["error"]!.AsObject();
        error["code"]!.GetValue<string>().Should().Be(code, body);
        error["message"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
        return error;
    }

    /// <summary>Asserts the status and returns the JSON body.</summary>
    public static async Task<JsonNode> ShouldBeAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        return body.Length == 0 ? new JsonObject() : JsonNode.Parse(body)!;
    }

    public static string Text(this JsonNode node, string property) => node[property]!.GetValue<string>();
}
