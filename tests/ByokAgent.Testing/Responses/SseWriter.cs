using System.Text;
using ByokAgent.Testing.Faults;
using ByokAgent.Testing.Hosting;

namespace ByokAgent.Testing.Responses;

/// <summary>Sends a server-sent-event stream one event at a time, each flushed, honouring the drop fault.</summary>
/// <remarks>
/// A flush per event is the point: clients must cope with events arriving in separate reads, as they do from real
/// providers, and a drop after N events must leave exactly those N on the wire.
/// </remarks>
internal sealed class SseWriter
{
    private readonly WireRequest _request;
    private readonly ConnectionDrop _drop;
    private readonly FakeReply _reply;
    private int _written;

    private SseWriter(WireRequest request, FakeReply reply)
    {
        _request = request;
        _reply = reply;
        _drop = new ConnectionDrop(request.Http, reply.DropAfterChunks);
    }

    /// <summary>Sends the status and headers and returns the writer for the events.</summary>
    public static async Task<SseWriter> StartAsync(
        WireRequest request,
        FakeReply reply,
        int status = 200,
        string contentType = "text/event-stream",
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var response = request.Http.Response;
        ResponseHeaders.Apply(response, status, contentType, headers, reply.ExtraHeaders);
        if (!response.Headers.ContainsKey("cache-control"))
        {
            response.Headers.CacheControl = "no-cache";
        }

        // StartAsync only freezes the headers; the flush sends them, so a drop after zero events still shows a 200.
        await response.StartAsync(request.Aborted).ConfigureAwait(false);
        await response.BodyWriter.FlushAsync(request.Aborted).ConfigureAwait(false);
        return new SseWriter(request, reply);
    }

    /// <summary>Sends <c>data: {data}</c> as one event; <see langword="false"/> once the connection was dropped.</summary>
    public Task<bool> WriteDataAsync(string data) => WriteEventAsync(Encoding.UTF8.GetBytes($"data: {data}\n\n"));

    /// <summary>Sends one complete event (including its blank-line terminator) verbatim.</summary>
    public async Task<bool> WriteEventAsync(ReadOnlyMemory<byte> evt)
    {
        if (_reply is { StallAfterChunks: { } stall, StallUntil: { } resume } && _written == stall)
        {
            // A stalled provider: the connection stays open and silent until the test lets it go on.
            await resume.WaitAsync(_request.Aborted).ConfigureAwait(false);
        }

        if (!_drop.BeforeChunk())
        {
            return false;
        }

        _written++;

        // PipeWriter.WriteAsync flushes, so every event leaves in its own HTTP chunk.
        await _request.Http.Response.BodyWriter.WriteAsync(evt, _request.Aborted).ConfigureAwait(false);
        return true;
    }

    /// <summary>Ends the stream: cleanly, or by the scripted drop when it has not happened yet.</summary>
    public void Complete() => _drop.AfterBody();
}
