using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime.EventStreams;
using ByokAgent.Testing.Responses;

namespace ByokAgent.Testing.Bedrock;

/// <summary>Bedrock-shaped replies to script on <see cref="FakeProvider"/>: errors, and raw event streams frame by frame.</summary>
/// <remarks>
/// Frames are encoded with AWSSDK.Core's <see cref="EventStreamMessage"/>, so prelude and message CRCs are real; a test
/// corrupts or cuts the bytes itself to script a broken stream.
/// </remarks>
public static class BedrockReplies
{
    /// <summary>The media type of ConverseStream bodies.</summary>
    public const string EventStreamContentType = "application/vnd.amazon.eventstream";

    /// <summary>An error answer as Bedrock sends it: <c>{"message": ...}</c> and the type in <c>x-amzn-ErrorType</c>.</summary>
    /// <param name="status">The HTTP status (e.g. 429).</param>
    /// <param name="errorType">The error type (e.g. <c>ThrottlingException</c>).</param>
    /// <param name="message">The body's <c>message</c>.</param>
    public static FakeReply Error(int status, string errorType, string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorType);
        ArgumentNullException.ThrowIfNull(message);
        return FakeReply.Error(status, WireJson.Serialize(new JsonObject { ["message"] = message }), ErrorHeaders(errorType));
    }

    /// <summary>One <c>:message-type event</c> frame with a JSON payload (e.g. <c>contentBlockDelta</c>).</summary>
    public static byte[] EventFrame(string eventType, string json) =>
        Frame(json, (":event-type", eventType), (":content-type", "application/json"), (":message-type", "event"));

    /// <summary>One <c>:message-type exception</c> frame, as Bedrock sends a failure inside a 200 stream.</summary>
    /// <param name="exceptionType">The lower-camel type on the wire, e.g. <c>throttlingException</c>.</param>
    /// <param name="message">The payload's <c>message</c>.</param>
    public static byte[] ExceptionFrame(string exceptionType, string message) =>
        Frame(
            WireJson.Serialize(new JsonObject { ["message"] = message }),
            (":exception-type", exceptionType),
            (":content-type", "application/json"),
            (":message-type", "exception"));

    /// <summary>A 200 ConverseStream answer whose body is exactly these bytes (whole frames, or cut and corrupted ones).</summary>
    /// <remarks>Sent with a content-length, so a cut body ends cleanly: the client must notice the missing bytes itself.</remarks>
    public static FakeReply EventStream(params byte[][] frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var head = $"HTTP/1.1 200 OK\ncontent-type: {EventStreamContentType}\nx-amzn-RequestId: {Guid.NewGuid()}\n\n";
        var bytes = Encoding.ASCII.GetBytes(head).Concat(frames.SelectMany(frame => frame)).ToArray();

        // FakeReply (shared by every wire) has no factory for a binary body, but replays binary fixture files, which it
        // reads at once: so the body goes through a short-lived fixture file.
        var path = Path.Combine(Path.GetTempPath(), $"byok-bedrock-{Guid.NewGuid():N}.http");
        File.WriteAllBytes(path, bytes);
        try
        {
            return FakeReply.FromFile(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static Dictionary<string, string> ErrorHeaders(string errorType) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["x-amzn-ErrorType"] = $"{errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/",
        ["x-amzn-RequestId"] = Guid.NewGuid().ToString(),
    };

    private static byte[] Frame(string json, params (string Name, string Value)[] headers)
    {
        var list = new List<IEventStreamHeader>();
        foreach (var (name, value) in headers)
        {
            var header = new EventStreamHeader(name);
            header.SetString(value);
            list.Add(header);
        }

        return new EventStreamMessage(list, Encoding.UTF8.GetBytes(json)).ToByteArray();
    }
}
