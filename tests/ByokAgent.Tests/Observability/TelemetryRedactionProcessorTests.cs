using System.Diagnostics;
using ByokAgent.Observability;

namespace ByokAgent.Tests.Observability;

public sealed class TelemetryRedactionProcessorTests
{
    [Theory]
    [InlineData("https://generativelanguage.googleapis.com/v1beta/models/gemini:generateContent?key=AIzaSECRET123", "https://generativelanguage.googleapis.com/v1beta/models/gemini:generateContent")]
    [InlineData("https://user:pa55@proxy.example:8443/v1/chat?api-version=2024-10-21#frag", "https://proxy.example:8443/v1/chat")]
    [InlineData("http://127.0.0.1:5000/v1/chat/completions", "http://127.0.0.1:5000/v1/chat/completions")]
    [InlineData("not a url?key=AIzaSECRET123", "not a url")]
    public void WithoutQuery_KeepsSchemeHostAndPathOnly(string url, string expected) =>
        TelemetryRedactionProcessor.WithoutQuery(url).Should().Be(expected);

    [Fact]
    public void OnEnd_DropsContentAndQueryAndReplacesErrorDescriptions()
    {
        using var activity = new Activity("POST");
        activity.SetTag("url.full", "https://generativelanguage.googleapis.com/v1beta/x?key=AIzaSECRET123");
        activity.SetTag("url.query", "key=AIzaSECRET123");
        activity.SetTag("gen_ai.input.messages", "[{\"content\":\"hello\"}]");
        activity.SetTag("gen_ai.tool.call.arguments", "{\"city\":\"Paris\"}");
        activity.SetTag("gen_ai.tool.call.result", "Sunny");
        activity.SetTag("error.type", "System.Net.Http.HttpRequestException");
        activity.SetTag("gen_ai.request.model", "gpt-test");
        activity.SetStatus(ActivityStatusCode.Error, "Response body: Incorrect API key provided: AIzaSECRET123");

        using var processor = new TelemetryRedactionProcessor();
        processor.OnEnd(activity);

        var tags = activity.TagObjects.ToDictionary(t => t.Key, t => t.Value);
        tags.Should().BeEquivalentTo(new Dictionary<string, object?>
        {
            ["url.full"] = "https://generativelanguage.googleapis.com/v1beta/x",
            ["error.type"] = "System.Net.Http.HttpRequestException",
            ["gen_ai.request.model"] = "gpt-test",
        });
        (activity.Status, activity.StatusDescription).Should().Be((ActivityStatusCode.Error, "System.Net.Http.HttpRequestException"));
    }
}
