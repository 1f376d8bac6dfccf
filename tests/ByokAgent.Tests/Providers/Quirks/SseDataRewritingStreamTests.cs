using System.Text;
using ByokAgent.Providers.OpenAICompatible;

namespace ByokAgent.Tests.Providers.Quirks;

public sealed class SseDataRewritingStreamTests
{
    private const string Stream = ": OPENROUTER PROCESSING\n\ndata: {\"n\":1}\n\nevent: ping\ndata: {\"n\":2}\r\n\r\ndata:{\"n\":3}\n\ndata: [DONE]\n\n";

    [Fact]
    public async Task ReadAsync_RewritesOnlyDataLinesAndKeepsEveryOtherByte()
    {
        var text = await ReadAllAsync(Stream, Upper, readSize: 4096);

        text.Should().Be(": OPENROUTER PROCESSING\n\ndata: {\"N\":1}\n\nevent: ping\ndata: {\"N\":2}\r\n\r\ndata:{\"N\":3}\n\ndata: [DONE]\n\n");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task ReadAsync_InnerStreamInTinyPieces_SeesWholeLines(int innerPiece)
    {
        var seen = new List<string>();
        await using var stream = new SseDataRewritingStream(
            new TrickleStream(Encoding.UTF8.GetBytes(Stream), innerPiece),
            data => { seen.Add(Encoding.UTF8.GetString(data.Span)); return null; });

        var text = await ReadToEndAsync(stream, readSize: 2);

        text.Should().Be(Stream, "a null rewrite keeps the line byte for byte");
        seen.Should().Equal("{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "[DONE]");
    }

    [Fact]
    public async Task ReadAsync_LastLineWithoutNewline_IsPassedOnAsSent()
    {
        var text = await ReadAllAsync("data: {\"n\":1}\n\ndata: {\"n\":2}", Upper, readSize: 4096);

        text.Should().Be("data: {\"N\":1}\n\ndata: {\"n\":2}");
    }

    [Fact]
    public void Read_Synchronous_RewritesLikeTheAsyncPath()
    {
        using var stream = new SseDataRewritingStream(new MemoryStream(Encoding.UTF8.GetBytes(Stream)), Upper);
        using var reader = new StreamReader(stream, Encoding.UTF8);

        reader.ReadToEnd().Should().Contain("data: {\"N\":1}\n").And.Contain("data: [DONE]\n");
    }

    [Fact]
    public async Task ReadAsync_CancelledToken_IsPassedToTheInnerRead()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await using var stream = new SseDataRewritingStream(new TrickleStream(Encoding.UTF8.GetBytes(Stream), 1), Upper);

        var read = async () => await stream.ReadAsync(new byte[16], cancelled.Token);

        await read.Should().ThrowAsync<OperationCanceledException>();
    }

    private static byte[]? Upper(ReadOnlyMemory<byte> data) =>
        data.Span.StartsWith("{"u8) ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(data.Span).Replace("\"n\"", "\"N\"", StringComparison.Ordinal)) : null;

    private static async Task<string> ReadAllAsync(string sse, Func<ReadOnlyMemory<byte>, byte[]?> rewrite, int readSize)
    {
        await using var stream = new SseDataRewritingStream(new MemoryStream(Encoding.UTF8.GetBytes(sse)), rewrite);
        return await ReadToEndAsync(stream, readSize);
    }

    private static async Task<string> ReadToEndAsync(Stream stream, int readSize)
    {
        var output = new MemoryStream();
        var buffer = new byte[readSize];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }

    /// <summary>Hands out its bytes a few at a time, as a network stream may, and honours cancellation.</summary>
    private sealed class TrickleStream(byte[] bytes, int piece) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return base.ReadAsync(buffer[..Math.Min(piece, buffer.Length)], cancellationToken);
        }
    }
}
